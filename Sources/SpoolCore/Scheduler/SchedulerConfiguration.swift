/// How many jobs run at once, and how workers are started and limited.
public struct SchedulerConfiguration: Sendable {
    /// Jobs running at once (default: the number of cores); 0 accepts jobs but runs none.
    public var workers: Int
    /// Jobs of one kind running at once; kinds not named are limited by `workers` only.
    public var kindLimits: [JobKind: Int]
    /// On SIGTERM/SIGINT: how long running jobs may take to finish before they are stopped and requeued.
    public var graceSeconds: Double
    /// Between SIGTERM and SIGKILL when a worker is stopped.
    public var killGraceSeconds: Double
    /// The `mediaspool` binary to run as `mediaspool work`.
    public var workerExecutable: String
    /// Address-space limit of a worker (RLIMIT_AS), in MiB.
    public var workerMemoryLimitMB: Int
    /// Largest URL input a worker fetches, MiB.
    public var fetchMaxMB: Int
    /// How often `pending/` is rescanned for jobs that arrived by other ways than intake.
    public var rescanSeconds: Double
    /// Retry backoff: `retryBaseSeconds · 2^(attempt−1)`, at most `retryMaxSeconds`.
    public var retryBaseSeconds: Double
    public var retryMaxSeconds: Double
    /// Seconds between two progress writes of one job's `status.json`.
    public var progressWriteInterval: Double
    /// Jobs one worker process serves before it is retired (1: a fresh process per job).
    public var workerMaxUse: Int
    /// Seconds an idle worker is kept.
    public var workerIdleSeconds: Double
    /// A worker silent (no progress report) for this long is stopped and its job retried.
    public var stallSeconds: Double = 300
    /// A job whose worker crashed or stalled, or whose daemon died under it, this many times
    /// fails as `crashed-repeatedly` (whatever attempts remain).
    public var maxCrashes: Int = 3
    /// Jobs one owner (`userId`, else the submitting uid) may run at once; 0: no limit.
    public var userMaxRunning: Int = 0
    /// A job starts only if this much stays free on the spool's file system after its
    /// expected outputs; 0 disables the check.
    public var minFreeBytes: Int64 = 256 << 20
    /// Seconds a job that met a full disk waits before it is tried again (no attempt spent).
    public var noSpaceRetrySeconds: Double = 10
    /// Each owner's waiting and running jobs, shared with intake for `--user-max-pending`.
    public var load: UserLoad?

    public init(
        workers: Int, kindLimits: [JobKind: Int] = [:], graceSeconds: Double = 30, killGraceSeconds: Double = 5,
        workerExecutable: String, workerMemoryLimitMB: Int = 2048, fetchMaxMB: Int = 2048, rescanSeconds: Double = 30,
        retryBaseSeconds: Double = 5, retryMaxSeconds: Double = 300, progressWriteInterval: Double = 1,
        workerMaxUse: Int = 100, workerIdleSeconds: Double = 30
    ) {
        self.workers = workers
        self.kindLimits = kindLimits
        self.graceSeconds = graceSeconds
        self.killGraceSeconds = killGraceSeconds
        self.workerExecutable = workerExecutable
        self.workerMemoryLimitMB = workerMemoryLimitMB
        self.fetchMaxMB = fetchMaxMB
        self.rescanSeconds = rescanSeconds
        self.retryBaseSeconds = retryBaseSeconds
        self.retryMaxSeconds = retryMaxSeconds
        self.progressWriteInterval = progressWriteInterval
        self.workerMaxUse = workerMaxUse
        self.workerIdleSeconds = workerIdleSeconds
    }

    /// Delay before attempt `attempt + 1`, after `attempt` attempts failed: exponential, with
    /// "equal jitter" (half fixed, half random) so jobs that failed together, from one outage,
    /// do not all come back in the same second.
    public func backoff<Random: RandomNumberGenerator>(afterAttempt attempt: Int, using random: inout Random) -> Double {
        let ceiling = min(retryMaxSeconds, retryBaseSeconds * Double(1 << min(max(attempt - 1, 0), 20)))
        return ceiling / 2 + Double.random(in: 0...(ceiling / 2), using: &random)
    }

    public func backoff(afterAttempt attempt: Int) -> Double {
        var random = SystemRandomNumberGenerator()
        return backoff(afterAttempt: attempt, using: &random)
    }
}
