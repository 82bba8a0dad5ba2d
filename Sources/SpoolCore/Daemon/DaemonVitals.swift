import Synchronization

/// What a running daemon says about itself, for `/healthz`, `/metrics`, the ledger's
/// heartbeat and systemd's watchdog: the watcher's and the scheduler's last signs of life and
/// the scheduler's load. Written by the services, read by anyone; atomics and one small lock,
/// so reading never waits long.
public final class DaemonVitals: Sendable {
    /// Jobs that may run at once.
    public let workers: Int
    private let watcherBeat = Atomic<Double>(0)
    private let watcherPolling = Atomic<Bool>(false)
    private let schedulerBeat = Atomic<Double>(0)
    private let busy = Atomic<Int>(0)
    private let queued = Atomic<Int>(0)
    private let diskWaitReason = Mutex<String?>(nil)

    /// The watcher is dead when it has not gone round its loop for this long (a batch of
    /// 256 files takes well under a second; a scan of a huge inbox a few).
    public static let watcherSilenceLimit = 60.0

    public init(workers: Int) {
        self.workers = workers
    }

    func watcherAlive(polling: Bool) {
        watcherBeat.store(InboxWatcher.monotonicNow(), ordering: .relaxed)
        watcherPolling.store(polling, ordering: .relaxed)
    }

    func watcherStopped() {
        watcherBeat.store(0, ordering: .relaxed)
    }

    /// Called each time round the scheduler's loop (at least once a second: it ticks).
    func schedulerLoad(busy: Int, queued: Int) {
        self.busy.store(busy, ordering: .relaxed)
        self.queued.store(queued, ordering: .relaxed)
        schedulerBeat.store(InboxWatcher.monotonicNow(), ordering: .relaxed)
    }

    func schedulerStopped() {
        schedulerBeat.store(0, ordering: .relaxed)
    }

    /// Both loops have gone round at least once: recovery is over and intake and jobs run.
    public var isRunning: Bool {
        watcherBeat.load(ordering: .relaxed) > 0 && schedulerBeat.load(ordering: .relaxed) > 0
    }

    /// Seconds since the watcher's and the scheduler's loops last went round (infinity for
    /// one that never ran or has stopped).
    public var loopSilence: (watcher: Double, scheduler: Double) {
        let now = InboxWatcher.monotonicNow()
        func silence(_ beat: Double) -> Double { beat > 0 ? now - beat : .infinity }
        return (silence(watcherBeat.load(ordering: .relaxed)), silence(schedulerBeat.load(ordering: .relaxed)))
    }

    public var isWatcherAlive: Bool {
        InboxWatcher.monotonicNow() - watcherBeat.load(ordering: .relaxed) < Self.watcherSilenceLimit
    }

    /// Why jobs wait for disk space (nil: they do not).
    public var diskWaiting: String? { diskWaitReason.withLock { $0 } }

    func diskWait(_ reason: String?) {
        diskWaitReason.withLock { $0 = reason }
    }

    public var isWatcherPolling: Bool { watcherPolling.load(ordering: .relaxed) }
    public var busyWorkers: Int { busy.load(ordering: .relaxed) }
    public var queuedJobs: Int { queued.load(ordering: .relaxed) }
}
