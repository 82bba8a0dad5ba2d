import CSpoolSys
import Foundation
import SpoolCore

#if canImport(Glibc)
    import Glibc
#endif

/// Measures what one job costs a worker that may serve many: CPU time as a difference, and peak
/// memory by resetting the kernel's high-water mark (`/proc/self/clear_refs`, "5") before the
/// job and reading `VmHWM` after it. Memory an earlier job freed is first handed back to the
/// kernel (`malloc_trim`): glibc keeps freed heap, x264's threads' arenas above all, which would
/// otherwise count as this job's and keep an idle worker large.
struct JobResources {
    private let cpuAtStart: Double

    init() {
        _ = cspool_malloc_trim()
        if let clear = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
            try? clear.write(contentsOf: Data("5".utf8))
            try? clear.close()
        }
        cpuAtStart = Self.cpuSeconds()
    }

    func finish() -> ResourceUsage {
        let cpu = Self.cpuSeconds() - cpuAtStart
        return ResourceUsage(peakMemoryBytes: Self.peakResidentBytes(), cpuSeconds: (cpu * 1000).rounded() / 1000)
    }

    private static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// `VmHWM` of /proc/self/status, else the process's lifetime peak from getrusage.
    private static func peakResidentBytes() -> Int64 {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int64(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        {
            return kilobytes * 1024
        }
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int64(usage.ru_maxrss) * 1024
    }
}
