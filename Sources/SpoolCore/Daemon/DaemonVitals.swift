import Synchronization

/// What a running daemon says about itself, for `/healthz`, `/metrics` and the ledger's
/// heartbeat: the watcher's last sign of life and the scheduler's load. Written by the
/// services, read by anyone; atomics (and one small lock), so reading never waits long.
public final class DaemonVitals: Sendable {
    /// Jobs that may run at once.
    public let workers: Int
    private let watcherBeat = Atomic<Double>(0)
    private let watcherPolling = Atomic<Bool>(false)
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

    func schedulerLoad(busy: Int, queued: Int) {
        self.busy.store(busy, ordering: .relaxed)
        self.queued.store(queued, ordering: .relaxed)
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
