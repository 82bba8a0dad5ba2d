/// One thing that happened to a job, as the daemon saw it: what the ledger records and the
/// HTTP view streams. `status` is the `status.json` just written; `state` the folder the job
/// is in afterwards (nil once its folder is gone).
public struct JobChange: Sendable, Equatable {
    public enum Event: String, Sendable, Codable, CaseIterable {
        /// Intake published the job into `pending/`.
        case accepted
        /// Intake put a bad drop into `failed/`.
        case rejected
        /// A worker took the job (an attempt began).
        case started
        /// The running job reported progress (not a transition).
        case progress
        /// An attempt failed and the job waits in `pending/` for another.
        case retrying
        /// The job went back to `pending/` without spending an attempt (shutdown, recovery).
        case requeued
        /// A failed job went back to `pending/` for fresh attempts: its folder moved into
        /// `inbox/`, or `mediaspool retry` (which the ledger sees as a move from `failed/`).
        case retried
        case completed
        case failed
        case cancelled
        /// The ledger found the job's folder changed by someone else (moved by hand, retried, reindexed).
        case changed
        /// The job's folder is gone (`gc`, or removed by hand); its history stays.
        case removed
    }

    public var id: String
    public var event: Event
    public var state: JobState?
    public var status: JobStatus?
    /// Identifies the work's options for speed estimates (`Job.optionsKey`); nil when unknown.
    public var optionsKey: String?
    public var at: Timestamp

    public init(id: String, event: Event, state: JobState?, status: JobStatus?, optionsKey: String? = nil, at: Timestamp = .now()) {
        self.id = id
        self.event = event
        self.state = state
        self.status = status
        self.optionsKey = optionsKey
        self.at = at
    }
}
