import Foundation
import Logging
import ServiceLifecycle
import SpoolCore
import Synchronization
import Worker

/// Delivers callbacks beside the scheduler, as a `Service` of the daemon: adopts the markers
/// of finished jobs into the outbox (``CallbackOutbox``), posts each delivery when it is due
/// (``CallbackSender``), and records every try with the ledger.
///
/// Nothing here runs on the scheduler's or the workers' time: a dispatcher thread of its own
/// looks for due deliveries ten times a second, and each request runs on a thread of its own,
/// at most ``CallbackSettings/concurrency`` at once and each within its time limits, so a
/// receiver that hangs holds one of those threads for `requestTimeoutSeconds` and nothing else.
public final class CallbackService: Service, Sendable {
    let layout: SpoolLayout
    let settings: CallbackSettings
    /// Told of every try (the ledger).
    let observer: any JobObserver
    let logger: Logger
    private let outbox: CallbackOutbox
    private let sender: CallbackSender

    /// Seconds between sweeps of `done/` and `failed/` for markers nobody announced (jobs
    /// finished by a previous daemon, by recovery, or by `mediaspool cancel`).
    static let sweepInterval = 30.0
    static let tick = 0.1

    private struct State {
        var finished: [(id: String, state: JobState)] = []
        var deliveries: [String: CallbackDelivery] = [:]
        var inFlight: Set<String> = []
    }

    private let state = Mutex(State())
    private let stopping = Atomic<Bool>(false)
    private let toldUnsigned = Atomic<Bool>(false)

    public init(layout: SpoolLayout, settings: CallbackSettings, observer: any JobObserver, logger: Logger) {
        self.layout = layout
        self.settings = settings
        self.observer = observer
        self.logger = logger
        self.outbox = CallbackOutbox(layout: layout)
        self.sender = CallbackSender(settings: settings)
    }

    /// Job `id` has just been moved into `state` (`done` or `failed`): adopt its marker, if it
    /// has one, at the next tick. Returns at once.
    public func jobFinished(_ id: String, in state: JobState) {
        guard state == .done || state == .failed else { return }
        self.state.withLock { $0.finished.append((id, state)) }
    }

    // MARK: Service

    public func run() async throws {
        await withTaskCancellationOrGracefulShutdownHandler {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                let thread = Thread { [self] in
                    self.loop()
                    done.resume()
                }
                thread.name = "mediaspool-callbacks"
                thread.start()
            }
        } onCancelOrGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
        }
    }

    private func loop() {
        loadOutbox()
        var known = sweep(skipping: [])
        var lastSweep = InboxWatcher.monotonicNow()
        while !stopping.load(ordering: .relaxed) {
            adoptFinished()
            if InboxWatcher.monotonicNow() - lastSweep >= Self.sweepInterval {
                known = sweep(skipping: known)
                loadOutbox()
                lastSweep = InboxWatcher.monotonicNow()
            }
            dispatchDue()
            usleep(UInt32(Self.tick * 1_000_000))
        }
        // Tries in flight get a moment to finish and be recorded; any still running are sent
        // again by the next daemon (their files are still in the outbox).
        let deadline = InboxWatcher.monotonicNow() + 2
        while state.withLock({ !$0.inFlight.isEmpty }) && InboxWatcher.monotonicNow() < deadline { usleep(20_000) }
    }

    // MARK: Filling the queue

    private func adoptFinished() {
        let finished = state.withLock { state in
            defer { state.finished.removeAll(keepingCapacity: true) }
            return state.finished
        }
        for (id, jobState) in finished { adopt(id, in: jobState) }
    }

    private func adopt(_ id: String, in jobState: JobState) {
        do {
            guard let delivery = try outbox.adopt(id, in: jobState) else { return }
            state.withLock { state in
                if state.deliveries[delivery.deliveryId] == nil, !state.inFlight.contains(delivery.deliveryId) {
                    state.deliveries[delivery.deliveryId] = delivery
                }
            }
            logger.debug("callback queued", metadata: ["job.id": "\(id)", "delivery.id": "\(delivery.deliveryId)"])
        } catch {
            logger.error("cannot queue a job's callback", metadata: ["job.id": "\(id)", "error": "\(error)"])
        }
    }

    /// Adopts the markers in `done/` and `failed/` of jobs not in `skipping` (those seen by
    /// the last sweep); returns every job seen.
    private func sweep(skipping known: Set<String>) -> Set<String> {
        var seen = Set<String>()
        for jobState in [JobState.done, .failed] {
            for id in (try? FileOps.list(layout.folder(jobState))) ?? [] where !id.hasPrefix(".") {
                let key = jobState.rawValue + "/" + id
                seen.insert(key)
                if !known.contains(key) { adopt(id, in: jobState) }
            }
        }
        return seen
    }

    /// Takes in the outbox's files that are not queued yet (at start: what a previous daemon left).
    private func loadOutbox() {
        let (found, unreadable) = outbox.pending()
        for name in unreadable { logger.error("unreadable callback delivery in the outbox; left alone", metadata: ["file": "\(name)"]) }
        state.withLock { state in
            for delivery in found where state.deliveries[delivery.deliveryId] == nil && !state.inFlight.contains(delivery.deliveryId) {
                // Still there under the lock: not just delivered or given up by a finishing try.
                guard FileOps.exists(outbox.folder + "/" + delivery.deliveryId + ".json") else { continue }
                state.deliveries[delivery.deliveryId] = delivery
            }
        }
    }

    // MARK: Sending

    private func dispatchDue() {
        let now = Timestamp.now()
        let due = state.withLock { state -> [CallbackDelivery] in
            let free = settings.concurrency - state.inFlight.count
            guard free > 0, !state.deliveries.isEmpty else { return [] }
            let picks = state.deliveries.values
                .filter { $0.nextAttemptAt <= now && !state.inFlight.contains($0.deliveryId) }
                .sorted { $0.nextAttemptAt < $1.nextAttemptAt }
                .prefix(free)
            for pick in picks { state.inFlight.insert(pick.deliveryId) }
            return Array(picks)
        }
        for delivery in due {
            let thread = Thread { [self] in self.attempt(delivery) }
            thread.name = "mediaspool-callback"
            thread.start()
        }
    }

    /// One try, and what follows from it: the file removed, rewritten or retired, the try recorded.
    private func attempt(_ delivery: CallbackDelivery) {
        if settings.secret == nil, !toldUnsigned.exchange(true, ordering: .relaxed) {
            logger.warning("callbacks are sent unsigned: no --callback-secret-file or MEDIASPOOL_CALLBACK_SECRET was given")
        }
        var delivery = delivery
        let attempt = delivery.tries + 1
        let at = Timestamp.now()
        let result = sender.send(delivery, attempt: attempt)
        delivery.tries = attempt
        delivery.lastError = result.error
        var outcome = CallbackAttempt.Outcome.failed
        var nextAttemptAt: Timestamp?
        let metadata: Logger.Metadata = [
            "job.id": "\(delivery.jobId)", "delivery.id": "\(delivery.deliveryId)", "callback.try": "\(attempt)",
            "http.status": "\(result.httpStatus.map(String.init) ?? "-")",
        ]
        do {
            if result.delivered {
                outcome = .delivered
                try outbox.remove(delivery)
                logger.info("callback delivered", metadata: metadata)
            } else if let next = nextTry(after: delivery, result: result) {
                outcome = .retrying
                nextAttemptAt = next
                delivery.nextAttemptAt = next
                try outbox.save(delivery)
                logger.warning("callback try failed; will retry", metadata: metadata.merging(["error": "\(result.error ?? "")"]) { $1 })
            } else {
                try outbox.retire(delivery)
                logger.error("callback failed; giving up", metadata: metadata.merging(["error": "\(result.error ?? "")"]) { $1 })
            }
        } catch {
            logger.error("cannot update the callback outbox", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
        observer.record(
            callback: CallbackAttempt(
                deliveryId: delivery.deliveryId, jobId: delivery.jobId, url: HTTPPost.redacted(delivery.url), attempt: attempt,
                at: at, durationSeconds: result.durationSeconds, httpStatus: result.httpStatus, error: result.error, outcome: outcome,
                nextAttemptAt: nextAttemptAt))
        state.withLock { state in
            if outcome == .retrying {
                state.deliveries[delivery.deliveryId] = delivery
            } else {
                state.deliveries[delivery.deliveryId] = nil
            }
            state.inFlight.remove(delivery.deliveryId)
        }
    }

    /// When to try again, or nil to give up: not retryable, no tries left, or past the time allowed.
    func nextTry(after delivery: CallbackDelivery, result: CallbackSender.Result) -> Timestamp? {
        guard result.retryable, delivery.tries < settings.maxTries else { return nil }
        let wait = settings.backoff.delay(afterTry: delivery.tries, retryAfter: result.retryAfterSeconds)
        let next = Timestamp.now().adding(seconds: wait)
        guard next <= delivery.createdAt.adding(seconds: settings.maxTotalSeconds) else { return nil }
        return next
    }
}
