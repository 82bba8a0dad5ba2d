/// How one attempt of a job ended, as the supervisor sees it.
enum AttemptOutcome: Sendable {
    case completed(outputs: [OutputFile], input: InputInfo?, report: ExportReport?)
    /// The job failed; `transient` failures are retried while attempts remain.
    case failed(JobError, transient: Bool)
    /// The daemon is shutting down: requeue without spending the attempt.
    case interrupted

    var isCompleted: Bool {
        if case .completed = self { return true }
        return false
    }
}

/// What the scheduler hears back when a supervisor is done with a job.
public enum SupervisorResult: Sendable {
    case finished
    /// Back in `pending/`, to run again (perhaps after a backoff).
    case requeued(QueuedJob)
    /// The job was no longer in `pending/` when its turn came (moved away by hand).
    case vanished
}
