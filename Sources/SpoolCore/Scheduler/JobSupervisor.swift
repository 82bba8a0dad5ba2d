import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Takes one pending job through one attempt: claims it (`pending/` → `processing/`), hands it
/// to a worker child from the pool under a wall-clock timeout, turns the worker's reports into `status.json`,
/// and moves the folder to `done/`, `failed/` or back to `pending/`. The worker never writes
/// a status or moves a folder; the supervisor never trusts a report it cannot check.
struct JobSupervisor: Sendable {
    let layout: SpoolLayout
    let validator: JobValidator
    let configuration: SchedulerConfiguration
    let pool: WorkerPool
    let observer: any JobObserver
    let vitals: DaemonVitals?
    let logger: Logger

    func run(_ queued: QueuedJob) async -> SupervisorResult {
        do {
            return try await attempt(queued)
        } catch {
            logger.error("job supervision failed", metadata: ["job.id": "\(queued.id)", "error": "\(error)"])
            return .finished
        }
    }

    private func attempt(_ queued: QueuedJob) async throws(SpoolError) -> SupervisorResult {
        let id = queued.id
        let pendingFolder = layout.jobFolder(id, in: .pending)
        guard FileOps.exists(pendingFolder) else { return .vanished }
        if JobFolder.isCancelRequested(pendingFolder) {
            try failUnclaimed(id, JobError(.cancelled, field: nil, reason: "cancelled before it started"), event: .cancelled)
            return .finished
        }
        let job: Job
        switch JobFolder.readJob(in: pendingFolder, validator: validator) {
        case .success(let valid) where valid.id == id:
            job = valid
        case .success:
            try failUnclaimed(id, JobError(.invalidField, field: "id", reason: "job.json names another id than its folder"))
            return .finished
        case .failure(let rejection):
            try failUnclaimed(id, rejection.first)
            return .finished
        }
        var status =
            StatusFile.read(from: pendingFolder)
            ?? JobStatus(
                jobId: id, kind: job.kind.rawValue, status: .pending, createdAt: .now(), maxAttempts: job.maxAttempts,
                priority: job.priority)
        do {
            try JobFolder.move(id, from: .pending, to: .processing, in: layout)
        } catch  where error.code == .notFound {
            return .vanished
        }
        let folder = layout.jobFolder(id, in: .processing)
        let started = Timestamp.now()
        status.status = .processing
        status.attempts += 1
        status.maxAttempts = job.maxAttempts
        status.startedAt = started
        status.updatedAt = started
        status.phase = "starting"
        status.progress = 0
        status.nextAttemptAt = nil
        status.lease = JobLease(heartbeatAt: started)
        status.setError(nil)
        do {
            try StatusFile.write(status, to: folder)
        } catch {
            // A full disk refuses even the status: the job goes back untouched, to try later.
            try JobFolder.move(id, from: .processing, to: .pending, in: layout)
            vitals?.diskWait("cannot start job \(id): \(error.message)")
            logger.warning("job put back: its status could not be written", metadata: ["job.id": "\(id)", "error": "\(error.message)"])
            var queued = queued
            queued.notBefore = Timestamp.now().adding(seconds: configuration.noSpaceRetrySeconds)
            return .requeued(queued)
        }
        observer.record(JobChange(id: id, event: .started, state: .processing, status: status, optionsKey: job.optionsKey))
        logger.info("job started", metadata: ["job.id": "\(id)", "job.kind": "\(job.kind.rawValue)", "job.attempt": "\(status.attempts)"])

        let outcome = await runWorker(job, folder: folder, status: &status)
        return await settleRetrying(job, status: status, outcome: outcome, started: started)
    }

    /// Settles the attempt; when that fails (a full disk refuses even `status.json`), tries
    /// again every few seconds, holding the job in `processing/` meanwhile. A shutdown leaves
    /// it there for the next start's recovery.
    private func settleRetrying(_ job: Job, status: JobStatus, outcome: AttemptOutcome, started: Timestamp) async -> SupervisorResult {
        var logged = false
        while true {
            do {
                return try settle(job, status: status, outcome: outcome, started: started)
            } catch {
                if !logged {
                    logger.error(
                        "cannot settle the job; trying again every 5 s",
                        metadata: ["job.id": "\(job.id)", "job.kind": "\(job.kind.rawValue)", "error": "\(error)"])
                    logged = true
                }
                vitals?.diskWait("cannot write job \(job.id)'s status: \(error.message)")
            }
            do { try await Task.sleep(for: .seconds(5)) } catch { return .finished }
        }
    }

    /// A pending job whose `job.json` no longer validates: straight to `failed/`.
    private func failUnclaimed(_ id: String, _ error: JobError, event: JobChange.Event = .failed) throws(SpoolError) {
        let folder = layout.jobFolder(id, in: .pending)
        var status = StatusFile.read(from: folder) ?? JobStatus(jobId: id, kind: nil, status: .failed, createdAt: .now(), maxAttempts: 0)
        status.status = .failed
        status.completedAt = .now()
        status.updatedAt = status.completedAt!
        status.setError(error)
        try StatusFile.write(status, to: folder)
        armCallback(in: folder, id: id)
        try JobFolder.move(id, from: .pending, to: .failed, in: layout)
        observer.record(JobChange(id: id, event: event, state: .failed, status: status))
        logger.warning("job failed before it started", metadata: ["job.id": "\(id)", "error": "\(error.message)"])
    }

    // MARK: The worker

    private func runWorker(_ job: Job, folder: String, status: inout JobStatus) async -> AttemptOutcome {
        let worker: WorkerProcess
        do {
            worker = try pool.checkout()
        } catch {
            return .failed(JobError(.internalError, field: nil, reason: "cannot start a worker: \(error.message)"), transient: true)
        }
        guard worker.send(WorkerRequest(jobDir: folder, cpuSeconds: job.timeoutSeconds + 60)) else {
            pool.checkin(worker, reusable: false)
            return .failed(JobError(.workerCrashed, field: nil, reason: "the worker was gone before it got the job"), transient: true)
        }
        status.workerPid = worker.pid
        try? StatusFile.write(status, to: folder, sync: false)
        let flags = WorkerFlags()
        let killGrace = configuration.killGraceSeconds
        let timeout = Double(job.timeoutSeconds)
        let stallLimit = configuration.stallSeconds
        flags.reported()
        // Once a second: has the job run out of time, has its worker gone silent, or has
        // someone asked to cancel it?
        let watchdog = Task {
            let deadline = InboxWatcher.monotonicNow() + timeout
            while true {
                try await Task.sleep(for: .seconds(max(0.01, min(1, deadline - InboxWatcher.monotonicNow()))))
                if JobFolder.isCancelRequested(folder) {
                    flags.cancelled.store(true, ordering: .relaxed)
                    break
                }
                let now = InboxWatcher.monotonicNow()
                if now >= deadline {
                    flags.timedOut.store(true, ordering: .relaxed)
                    break
                }
                if now - flags.lastReport.load(ordering: .relaxed) >= stallLimit {
                    flags.stalled.store(true, ordering: .relaxed)
                    break
                }
            }
            Self.stop(worker, killGrace: killGrace)
        }
        // Cancelling this task (shutdown) stops the worker; the reports are still read until
        // the job's last one or the worker's exit, which `EventChannel` never cuts short.
        var outcome = await withTaskCancellationHandler {
            await consume(worker, job: job, status: &status, flags: flags)
        } onCancel: {
            flags.interrupted.store(true, ordering: .relaxed)
            Self.stop(worker, killGrace: killGrace)
        }
        watchdog.cancel()
        if flags.cancelled.load(ordering: .relaxed), !outcome.isCompleted {
            outcome = .failed(JobError(.cancelled, field: nil, reason: "cancelled while it ran; the worker was stopped"), transient: false)
        }
        var reusable = false
        if case .completed = outcome { reusable = !job.kind.retiresWorker }
        if flags.timedOut.load(ordering: .relaxed) || flags.interrupted.load(ordering: .relaxed) || flags.cancelled.load(ordering: .relaxed)
            || flags.stalled.load(ordering: .relaxed)
        {
            reusable = false
        }
        pool.checkin(worker, reusable: reusable)
        return outcome
    }

    private func consume(_ worker: WorkerProcess, job: Job, status: inout JobStatus, flags: WorkerFlags) async -> AttemptOutcome {
        let folder = layout.jobFolder(status.jobId, in: .processing)
        var lastWrite = -Double.infinity
        let started = InboxWatcher.monotonicNow()
        let estimate = WorkEstimate(ratio: observer.workRatio(kind: job.kind, optionsKey: job.optionsKey) ?? job.kind.defaultWorkRatio)
        while let event = await worker.next() {
            switch event {
            case .message(let message):
                flags.reported()
                switch message.type {
                case .progress:
                    let phaseChanged = message.phase != nil && message.phase != status.phase
                    status.phase = message.phase ?? status.phase
                    if let progress = message.progress { status.progress = min(1, max(status.progress, progress)) }
                    let now = InboxWatcher.monotonicNow()
                    status.estimatedSeconds = estimate.remainingSeconds(
                        progress: status.progress, elapsed: now - started, inputSeconds: message.durationSeconds)
                    if phaseChanged || now - lastWrite >= configuration.progressWriteInterval {
                        status.updatedAt = .now()
                        status.lease?.heartbeatAt = status.updatedAt
                        try? StatusFile.write(status, to: folder, sync: false)
                        observer.record(JobChange(id: status.jobId, event: .progress, state: .processing, status: status))
                        lastWrite = now
                    }
                case .completed:
                    status.resources = message.resources
                    return .completed(outputs: message.outputs ?? [], input: message.input, report: message.report)
                case .failed:
                    status.resources = message.resources
                    let error =
                        message.error ?? JobError(.internalError, field: nil, reason: "the worker reported a failure without a reason")
                    return .failed(error, transient: message.transient ?? false)
                }
            case .malformed(let line):
                logger.warning("unreadable worker report", metadata: ["job.id": "\(status.jobId)", "line": "\(line)"])
            case .exited(let exit, let usage):
                status.resources = usage
                return classify(exit, flags: flags, phase: status.phase)
            }
        }
        return .failed(JobError(.workerCrashed, field: nil, reason: "the worker's report stream ended unexpectedly"), transient: true)
    }

    /// A worker that exited before it finished its job.
    private func classify(_ exit: WorkerProcess.ExitStatus, flags: WorkerFlags, phase: String?) -> AttemptOutcome {
        if flags.interrupted.load(ordering: .relaxed) { return .interrupted }
        if flags.timedOut.load(ordering: .relaxed) {
            return .failed(
                JobError(.timeout, field: "timeoutSeconds", reason: "the job ran longer than its timeout and was stopped"), transient: true)
        }
        let during = phase.map { " while \($0)" } ?? ""
        if flags.stalled.load(ordering: .relaxed) {
            let seconds = Int(configuration.stallSeconds.rounded())
            return .failed(
                JobError(.stalled, field: nil, reason: "the worker sent no report for \(seconds) s\(during) and was stopped"),
                transient: true)
        }
        if case .signaled = exit {
            return .failed(JobError(.workerCrashed, field: nil, reason: "the worker was killed by \(exit)\(during)"), transient: true)
        }
        return .failed(
            JobError(.workerCrashed, field: nil, reason: "the worker ended with \(exit)\(during) before finishing the job"), transient: true
        )
    }

    /// SIGTERM to the worker's group, SIGKILL after the grace period if it is still there.
    private static func stop(_ worker: WorkerProcess, killGrace: Double) {
        guard !worker.hasExited else { return }
        worker.signalGroup(SIGTERM)
        Task {
            try? await Task.sleep(for: .seconds(killGrace))
            worker.signalGroup(SIGKILL)
        }
    }

    // MARK: After the attempt

    private func settle(_ job: Job, status: JobStatus, outcome: AttemptOutcome, started: Timestamp) throws(SpoolError) -> SupervisorResult {
        var status = status
        let id = job.id
        let folder = layout.jobFolder(id, in: .processing)
        let now = Timestamp.now()
        status.updatedAt = now
        status.phase = nil
        status.estimatedSeconds = nil
        status.workerPid = nil
        status.lease = nil
        var outcome = outcome
        if case .completed(let outputs, _, _) = outcome, let missing = missingOutput(outputs, in: folder) {
            outcome = .failed(
                JobError(.internalError, field: nil, reason: "the worker reported output \(missing) that is not there whole"),
                transient: true)
        }
        if case .failed(let error, _) = outcome, [.workerCrashed, .stalled].contains(error.code) {
            let crashes = (status.crashes ?? 0) + 1
            status.crashes = crashes
            if crashes >= configuration.maxCrashes {
                outcome = .failed(
                    JobError(
                        .crashedRepeatedly, field: nil,
                        reason: "the job crashed or stalled its worker \(crashes) times; it is not tried again (last: \(error.reason))"),
                    transient: false)
            }
        }
        switch outcome {
        case .completed(let outputs, let input, let report):
            status.status = .completed
            status.apply(report)
            status.progress = 1
            status.estimatedSeconds = 0
            status.outputs = outputs
            status.outputUrl = outputs.first.map { "/files/\(id)/\($0.name)" }
            status.outputSize = outputs.first?.size
            status.input = input
            status.completedAt = now
            status.setError(nil)
            status.lastError = nil
            try finish(status, to: .done, event: .completed)
            vitals?.diskWait(nil)
            let seconds = now.seconds - started.seconds
            var metadata: Logger.Metadata = [
                "job.id": "\(id)", "job.kind": "\(job.kind.rawValue)", "seconds": "\(String(format: "%.2f", seconds))",
            ]
            if let duration = input?.durationSeconds, seconds > 0 {
                metadata["realtime"] = "\(String(format: "%.1f", duration / seconds))x"
            }
            if let cache = status.cache, !cache.hit {
                do { try ResultCache(layout: layout).record(key: cache.key, jobID: id) } catch {
                    logger.warning("could not record the job in the result cache", metadata: ["job.id": "\(id)", "error": "\(error)"])
                }
            }
            if let cache = status.cache, cache.hit { metadata["cache"] = "hit from \(cache.sourceJobId ?? "?")" }
            logger.info("job completed", metadata: metadata)
            return .finished
        case .failed(let error, _) where error.code == .noSpace:
            // Not the job's fault: it waits for space without spending the attempt.
            status.status = .pending
            status.progress = 0
            status.attempts -= 1
            status.lastError = error.message
            status.nextAttemptAt = now.adding(seconds: configuration.noSpaceRetrySeconds)
            try finish(status, to: .pending, event: .requeued)
            vitals?.diskWait("job \(id) ran out of disk space at \(now); jobs wait for free space")
            logger.warning(
                "job requeued: the disk is full",
                metadata: [
                    "job.id": "\(id)", "job.kind": "\(job.kind.rawValue)", "retry.seconds": "\(Int(configuration.noSpaceRetrySeconds))",
                ])
            return .requeued(QueuedJob(status: status)!)
        case .failed(let error, let transient) where transient && status.attempts < status.maxAttempts:
            let delay = configuration.backoff(afterAttempt: status.attempts)
            status.status = .pending
            status.progress = 0
            status.lastError = error.message
            status.nextAttemptAt = now.adding(seconds: delay)
            try finish(status, to: .pending, event: .retrying)
            logger.warning(
                "job attempt failed; will retry",
                metadata: [
                    "job.id": "\(id)", "job.attempt": "\(status.attempts)", "error.code": "\(error.code)", "error": "\(error.message)",
                    "retry.seconds": "\(Int(delay))",
                ])
            return .requeued(QueuedJob(status: status)!)
        case .failed(let error, _):
            status.status = .failed
            status.completedAt = now
            status.setError(error)
            try finish(status, to: .failed, event: error.code == .cancelled ? .cancelled : .failed)
            logger.warning(
                "job failed",
                metadata: [
                    "job.id": "\(id)", "job.attempt": "\(status.attempts)", "error.code": "\(error.code)", "error": "\(error.message)",
                ])
            return .finished
        case .interrupted:
            status.status = .pending
            status.progress = 0
            status.attempts -= 1
            status.lastError = "interrupted by a daemon shutdown; the attempt was not counted"
            try finish(status, to: .pending, event: .requeued)
            logger.notice("job requeued by shutdown", metadata: ["job.id": "\(id)"])
            return .requeued(QueuedJob(status: status)!)
        }
    }

    /// Leaves `processing/`: a completed job keeps its outputs (only stray `.part` files go);
    /// any other keeps none. Then the status is written and the folder moved.
    private func finish(_ status: JobStatus, to state: JobState, event: JobChange.Event) throws(SpoolError) {
        var status = status
        let folder = layout.jobFolder(status.jobId, in: .processing)
        if state == .done {
            try JobFolder.removePartialFiles(in: folder)
        } else {
            status.outputs = []
            try JobFolder.removeAttemptFiles(in: folder)
        }
        try StatusFile.write(status, to: folder)
        if state != .pending { armCallback(in: folder, id: status.jobId) }
        try JobFolder.move(status.jobId, from: .processing, to: state, in: layout)
        observer.record(JobChange(id: status.jobId, event: event, state: state, status: status))
    }

    /// A job that asked for a callback gets its marker before the move that finishes it. A
    /// marker that cannot be written costs the callback, never the job.
    private func armCallback(in folder: String, id: String) {
        do { try CallbackMarker.armFromJob(in: folder) } catch {
            logger.error("cannot arm the job's callback; it will not be sent", metadata: ["job.id": "\(id)", "error": "\(error)"])
        }
    }

    private func missingOutput(_ outputs: [OutputFile], in folder: String) -> String? {
        if outputs.isEmpty { return "(none)" }
        for output in outputs {
            guard !output.name.contains("/"), !output.name.hasPrefix("."), !JobFolder.keptAcrossAttempts.contains(output.name),
                let info = try? FileOps.info(folder + "/" + output.name), info.kind == .regular, info.size == output.size
            else { return output.name }
        }
        return nil
    }
}

/// Why a worker was stopped, shared between the watchdog, the cancellation handler and the reader.
final class WorkerFlags: Sendable {
    let timedOut = Atomic<Bool>(false)
    let interrupted = Atomic<Bool>(false)
    let cancelled = Atomic<Bool>(false)
    let stalled = Atomic<Bool>(false)
    /// When the worker last reported (monotonic seconds).
    let lastReport = Atomic<Double>(0)

    func reported() { lastReport.store(InboxWatcher.monotonicNow(), ordering: .relaxed) }
}
