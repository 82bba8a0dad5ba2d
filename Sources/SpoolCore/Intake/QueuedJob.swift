/// What the scheduler needs to know of a pending job to order it.
public struct QueuedJob: Sendable, Equatable {
    public var id: String
    public var kind: JobKind
    public var priority: Int
    public var createdAt: Timestamp
    /// Not to start before this time (a retry waiting out its backoff).
    public var notBefore: Timestamp?
    public var userId: String?

    public init(id: String, kind: JobKind, priority: Int, createdAt: Timestamp, notBefore: Timestamp? = nil, userId: String? = nil) {
        self.id = id
        self.kind = kind
        self.priority = priority
        self.createdAt = createdAt
        self.notBefore = notBefore
        self.userId = userId
    }

    /// Reads a pending job's order keys from its `status.json`.
    public init?(status: JobStatus) {
        guard let name = status.kind, let kind = JobKind(name: name) else { return nil }
        self.init(
            id: status.jobId, kind: kind, priority: status.priority, createdAt: status.createdAt,
            notBefore: status.nextAttemptAt, userId: status.userId)
    }
}

/// Tuning of the intake.
public struct IntakeConfiguration: Sendable {
    /// How long an unparseable job file must stay unchanged before it is failed (it may still be written).
    public var settleSeconds: Double = 5
    /// Files handled per batch: staged, made durable together, then published.
    public var batchSize: Int = 256
    /// From this many staged files on, one `syncfs` replaces the per-file fsyncs.
    public var syncfsThreshold: Int = 16

    public init(settleSeconds: Double = 5, batchSize: Int = 256, syncfsThreshold: Int = 16) {
        self.settleSeconds = settleSeconds
        self.batchSize = batchSize
        self.syncfsThreshold = syncfsThreshold
    }
}
