import Foundation
import GRDB
import Logging
import ServiceLifecycle
import SpoolCore
import Synchronization

/// The daemon's writer of the ledger: a `JobObserver` that queues every change in memory and
/// a `Service` that writes them in batches on a thread of its own (SQLite calls block), so
/// neither intake nor the scheduler ever waits for the database.
///
/// The ledger is derived data: when it is missing, locked or corrupt, jobs keep flowing. A
/// corrupt file is moved aside and rebuilt from the folders; a vanished one is recreated; a
/// locked one is retried, and if the queue of unwritten changes grows too long they are
/// dropped and a reconcile with the folders replaces them.
public final class LedgerRecorder: JobObserver, Service, Sendable {
    let path: String
    let reindexer: Reindexer
    let vitals: DaemonVitals?
    let logger: Logger
    let configuration: Configuration

    public struct Configuration: Sendable {
        /// Seconds between writes of queued changes.
        public var flushInterval = 0.2
        /// Seconds between heartbeats (and checks that the file is still there).
        public var beatInterval = 5.0
        /// Unwritten changes kept while the ledger cannot be written.
        public var maxBacklog = 100_000
        /// Seconds between quick reconciles with the folders (changes made by hand or by other commands).
        public var reconcileInterval = 30.0
        /// Progress reports older than this are pruned from the history.
        public var progressRetentionSeconds = 3600.0

        public init() {}
    }

    private struct State {
        var backlog: [JobChange] = []
        var callbackAttempts: [CallbackAttempt] = []
        /// The reconcile with the folders that the next flush runs, if any.
        var reconcile: Reindexer.Depth?
        var ratios: [WorkRatioKey: Double] = [:]
        var ledger: Ledger?
    }

    private let state = Mutex(State())
    private let stopping = Atomic<Bool>(false)
    private let startedAt = Timestamp.now()

    public init(
        layout: SpoolLayout, validator: JobValidator, vitals: DaemonVitals?, logger: Logger, configuration: Configuration = Configuration()
    ) {
        self.path = Ledger.path(in: layout)
        self.reindexer = Reindexer(layout: layout, validator: validator, logger: logger)
        self.vitals = vitals
        self.logger = logger
        self.configuration = configuration
    }

    /// The ledger while it is open (the HTTP view reads through it).
    public var ledger: Ledger? { state.withLock { $0.ledger } }

    // MARK: JobObserver

    public func record(_ change: JobChange) {
        let dropped = state.withLock { state -> Bool in
            state.backlog.append(change)
            guard state.backlog.count > configuration.maxBacklog else { return false }
            state.backlog.removeFirst(state.backlog.count / 2)
            state.reconcile = max(state.reconcile ?? .unfinished, .unfinished)
            return true
        }
        if dropped { logger.error("the ledger is not being written; dropped queued changes, it will be reconciled with the folders") }
    }

    public func record(callback attempt: CallbackAttempt) {
        state.withLock { state in
            if state.callbackAttempts.count < configuration.maxBacklog { state.callbackAttempts.append(attempt) }
        }
    }

    public func workRatio(kind: JobKind, optionsKey: String) -> Double? {
        state.withLock { state in
            state.ratios[WorkRatioKey(kind: kind.rawValue, optionsKey: optionsKey)]
                ?? state.ratios[WorkRatioKey(kind: kind.rawValue, optionsKey: nil)]
        }
    }

    // MARK: Service

    public func run() async throws {
        await withTaskCancellationOrGracefulShutdownHandler {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                let thread = Thread { [self] in
                    self.loop()
                    done.resume()
                }
                thread.name = "mediaspool-ledger"
                thread.start()
            }
        } onCancelOrGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
        }
    }

    private func loop() {
        var opened: (ledger: Ledger, inode: UInt64)? = nil
        var nextBeat = 0.0
        var nextRetry = 0.0
        var lastPrune = 0.0
        var lastReconcile = InboxWatcher.monotonicNow()
        while true {
            let stop = stopping.load(ordering: .relaxed)
            let now = InboxWatcher.monotonicNow()
            if opened == nil, now >= nextRetry || stop {
                opened = open()
                if opened == nil { nextRetry = now + configuration.beatInterval }
            }
            if let current = opened {
                do {
                    try flush(current.ledger)
                    if now >= nextBeat {
                        // Deleted or replaced under us: start a new file from the folders.
                        if (try? FileOps.info(path))??.inode != current.inode {
                            logger.warning(
                                "the ledger file is gone or replaced; rebuilding it from the folders", metadata: ["path": "\(path)"])
                            opened = nil
                            continue
                        }
                        try current.ledger.beat(beat(stopped: false))
                        if now - lastReconcile >= configuration.reconcileInterval {
                            state.withLock { $0.reconcile = max($0.reconcile ?? .moves, .moves) }
                            lastReconcile = now
                        }
                        if now - lastPrune >= 60 {
                            try current.ledger.pruneProgress(olderThan: configuration.progressRetentionSeconds)
                            lastPrune = now
                        }
                        nextBeat = now + configuration.beatInterval
                    }
                } catch {
                    opened = handle(error, ledger: current.ledger)
                    if opened == nil { nextRetry = now + configuration.beatInterval }
                }
            }
            if stop {
                if let current = opened {
                    try? flush(current.ledger)
                    try? current.ledger.beat(beat(stopped: true))
                    try? current.ledger.checkpoint()
                }
                state.withLock { $0.ledger = nil }
                return
            }
            usleep(UInt32(configuration.flushInterval * 1_000_000))
        }
    }

    /// Writes the queued changes; refreshes the measured speeds when jobs completed.
    private func flush(_ ledger: Ledger) throws {
        let (changes, reconcile, attempts) = state.withLock { state -> ([JobChange], Reindexer.Depth?, [CallbackAttempt]) in
            defer {
                state.backlog.removeAll(keepingCapacity: true)
                state.callbackAttempts.removeAll(keepingCapacity: true)
                state.reconcile = nil
            }
            return (state.backlog, state.reconcile, state.callbackAttempts)
        }
        do {
            try ledger.apply(changes)
            try ledger.record(callbackAttempts: attempts)
            if let reconcile { try reindexer.run(into: ledger, depth: reconcile) }
        } catch {
            // Put them back in front of newer changes, in order.
            state.withLock { state in
                state.backlog.insert(contentsOf: changes, at: 0)
                state.callbackAttempts.insert(contentsOf: attempts, at: 0)
                if let reconcile { state.reconcile = max(state.reconcile ?? reconcile, reconcile) }
            }
            throw error
        }
        if changes.contains(where: { $0.event == .completed }) { refreshRatios(ledger) }
    }

    private func refreshRatios(_ ledger: Ledger) {
        guard let ratios = try? ledger.workRatios() else { return }
        state.withLock { $0.ratios = ratios }
    }

    /// Opens the ledger, creating it when missing and rebuilding it when corrupt, then brings
    /// it up to date with the folders.
    private func open(rebuilding: Bool = false) -> (ledger: Ledger, inode: UInt64)? {
        let existed = FileOps.exists(path)
        do {
            let ledger = try Ledger(path: path)
            guard let inode = (try? FileOps.info(path))??.inode else { return nil }
            let tally = try reindexer.run(into: ledger, depth: existed ? .unfinished : .full, recordEvents: existed)
            logger.info(
                existed ? "ledger opened" : "ledger created from the folders",
                metadata: ["path": "\(path)", "updated": "\(tally.updated)", "removed": "\(tally.removed)"])
            state.withLock { $0.ledger = ledger }
            refreshRatios(ledger)
            return (ledger, inode)
        } catch {
            return handle(error, ledger: nil, rebuilding: rebuilding)
        }
    }

    /// After a failed open or write: a corrupt file is moved aside and rebuilt at once; any
    /// other error (locked, disk full, permissions) is retried later.
    private func handle(_ error: any Error, ledger: Ledger?, rebuilding: Bool = false) -> (ledger: Ledger, inode: UInt64)? {
        state.withLock { $0.ledger = nil }
        if !rebuilding, let error = error as? DatabaseError, error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB {
            let aside = path + ".corrupt-" + String(Timestamp.now().microseconds)
            logger.error("the ledger is corrupt; moving it aside and rebuilding it from the folders", metadata: ["aside": "\(aside)"])
            for suffix in ["-wal", "-shm"] { try? FileOps.remove(path + suffix) }
            do {
                try FileOps.renameNoReplace(path, aside)
            } catch {
                try? FileOps.remove(path)
            }
            return open(rebuilding: true)
        }
        logger.error("the ledger cannot be written; jobs go on, and it is retried", metadata: ["error": "\(error)"])
        return nil
    }

    private func beat(stopped: Bool) -> DaemonBeat {
        let now = Timestamp.now().microseconds
        return DaemonBeat(
            pid: getpid(), startedAt: startedAt.microseconds, heartbeatAt: now, watcherAlive: vitals?.isWatcherAlive ?? false,
            watcherPolling: vitals?.isWatcherPolling ?? false, workers: vitals?.workers ?? 0, busyWorkers: vitals?.busyWorkers ?? 0,
            queued: vitals?.queuedJobs ?? 0, stoppedAt: stopped ? now : nil, diskWait: vitals?.diskWaiting)
    }
}
