import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Worker processes kept between jobs, as Postfix keeps its delivery agents: a worker serves
/// one job at a time and at most `maxUse` jobs in its life; it is retired after any job that
/// did not complete (a hostile input may have left it in a bad state), when it has been idle
/// for `idleSeconds`, and at shutdown. Starting a worker costs about 50 ms (FFmpeg's libraries
/// load about 180 shared objects), which is most of the work of a short job.
final class WorkerPool: Sendable {
    struct Configuration: Sendable {
        var executable: String
        var arguments: [String]
        var maxUse: Int
        var idleSeconds: Double
    }

    private struct Idle {
        var worker: WorkerProcess
        var since: Double
    }

    let configuration: Configuration
    let logger: Logger
    private let idle = Mutex<[Idle]>([])

    init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// A live idle worker, or a new one.
    func checkout() throws(SpoolError) -> WorkerProcess {
        while let candidate = idle.withLock({ $0.popLast()?.worker }) {
            if !candidate.hasExited { return candidate }
        }
        let worker = try WorkerProcess.spawn(executable: configuration.executable, arguments: configuration.arguments)
        logger.info("worker started", metadata: ["worker.pid": "\(worker.pid)"])
        return worker
    }

    /// Takes a worker back after a job; `reusable` is false when the job did not complete.
    func checkin(_ worker: WorkerProcess, reusable: Bool) {
        guard reusable, !worker.hasExited, worker.jobsStarted.load(ordering: .relaxed) < configuration.maxUse else {
            worker.retire()
            return
        }
        idle.withLock { $0.append(Idle(worker: worker, since: Self.now())) }
    }

    /// Retires workers idle for longer than the idle time.
    func retireIdle() {
        let cutoff = Self.now() - configuration.idleSeconds
        let expired = idle.withLock { workers in
            let (old, young) = (workers.filter { $0.since <= cutoff }, workers.filter { $0.since > cutoff })
            workers = young
            return old
        }
        for entry in expired { entry.worker.retire() }
    }

    /// Retires every idle worker (shutdown).
    func retireAll() {
        for entry in idle.withLock({ workers in
            defer { workers = [] }; return workers
        }) { entry.worker.retire() }
    }

    private static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
