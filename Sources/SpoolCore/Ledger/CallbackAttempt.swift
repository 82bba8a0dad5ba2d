/// One try to deliver a job's callback, as the delivery service saw it: what the ledger keeps
/// in `callback_attempt` and `mediaspool status` summarises.
public struct CallbackAttempt: Sendable, Equatable {
    /// What the try led to.
    public enum Outcome: String, Sendable, Codable {
        /// A 2xx answer: delivered, nothing more is sent.
        case delivered
        /// Failed in a way worth another try (network, timeout, 5xx, 429); `nextAttemptAt` says when.
        case retrying
        /// Failed for good: a 4xx other than 429, a redirect, a host not allowed, or the last
        /// try / time allowed was spent.
        case failed
    }

    public var deliveryId: String
    public var jobId: String
    /// The URL without user name or password.
    public var url: String
    /// 1, 2, … within this delivery.
    public var attempt: Int
    public var at: Timestamp
    public var durationSeconds: Double
    /// The HTTP status, when the receiver answered.
    public var httpStatus: Int?
    /// What went wrong, when something did.
    public var error: String?
    public var outcome: Outcome
    public var nextAttemptAt: Timestamp?

    public init(
        deliveryId: String, jobId: String, url: String, attempt: Int, at: Timestamp, durationSeconds: Double, httpStatus: Int?,
        error: String?, outcome: Outcome, nextAttemptAt: Timestamp?
    ) {
        self.deliveryId = deliveryId
        self.jobId = jobId
        self.url = url
        self.attempt = attempt
        self.at = at
        self.durationSeconds = durationSeconds
        self.httpStatus = httpStatus
        self.error = error
        self.outcome = outcome
        self.nextAttemptAt = nextAttemptAt
    }
}
