import CSpoolSys
import SpoolCore

#if canImport(Glibc)
    import Glibc
#endif

/// Limits a worker puts on itself before it touches its input (RELIABILITY.md §8): a hostile
/// file may crash or exhaust this process, never the daemon or the host.
public struct ResourceLimits: Sendable {
    /// Address space (RLIMIT_AS) in MiB.
    public var memoryMB: Int
    /// CPU time (RLIMIT_CPU) of a one-job worker: the kernel kills a runaway decode even if the
    /// daemon is gone. A serving worker raises its limit job by job instead (``allowCPU(seconds:)``).
    public var cpuSeconds: Int?
    /// Largest file the worker may write (RLIMIT_FSIZE).
    public var fileSizeBytes: UInt64 = 8 << 30
    public var openFiles: UInt64 = 256

    public init(memoryMB: Int, cpuSeconds: Int?) {
        self.memoryMB = memoryMB
        self.cpuSeconds = cpuSeconds
    }

    /// Applies the limits and disables core dumps; from then on the worker also ends when the
    /// daemon does (``ParentWatch``).
    public func apply() {
        // glibc gives a thread that finds the arenas busy a new one, up to 8 per core: x264's
        // frame threads then spread their buffers over several arenas, and a busy machine
        // leaves a worker several MiB larger than a quiet one. Two arenas keep it steady.
        _ = cspool_limit_malloc_arenas(2)
        set(RLIMIT_CORE, 0)
        set(RLIMIT_AS, UInt64(memoryMB) << 20)
        if let cpuSeconds { set(RLIMIT_CPU, UInt64(cpuSeconds)) }
        set(RLIMIT_FSIZE, fileSizeBytes)
        set(RLIMIT_NOFILE, openFiles)
        ParentWatch.start(reportDescriptor: WorkerMessage.reportDescriptor)
    }

    /// Lets this process use `seconds` more CPU time from now (the soft RLIMIT_CPU; SIGXCPU
    /// kills it past that).
    public static func allowCPU(seconds: Int) {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let used = UInt64(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + 1
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_CPU.rawValue), &limit)
        limit.rlim_cur = min(limit.rlim_max, rlim_t(used + UInt64(seconds)))
        setrlimit(__rlimit_resource_t(RLIMIT_CPU.rawValue), &limit)
    }

    private func set(_ resource: __rlimit_resource, _ value: UInt64) {
        var limit = rlimit(rlim_cur: rlim_t(value), rlim_max: rlim_t(value))
        var current = rlimit()
        if getrlimit(__rlimit_resource_t(resource.rawValue), &current) == 0, current.rlim_max != rlim_t.max,
            current.rlim_max < limit.rlim_max
        {
            limit = rlimit(rlim_cur: current.rlim_max, rlim_max: current.rlim_max)
        }
        setrlimit(__rlimit_resource_t(resource.rawValue), &limit)
    }
}
