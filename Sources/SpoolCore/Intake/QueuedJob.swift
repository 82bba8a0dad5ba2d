/// What the scheduler needs to know of a pending job to order it.
public struct QueuedJob: Sendable, Equatable {
    public var id: String
    public var kind: JobKind
    public var priority: Int
    public var createdAt: Timestamp
    /// Not to start before this time (a retry waiting out its backoff).
    public var notBefore: Timestamp?
    public var userId: String?
    /// The uid that dropped the job file.
    public var submittedBy: UInt32?

    public init(
        id: String, kind: JobKind, priority: Int, createdAt: Timestamp, notBefore: Timestamp? = nil, userId: String? = nil,
        submittedBy: UInt32? = nil
    ) {
        self.id = id
        self.kind = kind
        self.priority = priority
        self.createdAt = createdAt
        self.notBefore = notBefore
        self.userId = userId
        self.submittedBy = submittedBy
    }

    /// Whose turn and quota the job counts against: its `userId`, or else the uid that dropped it.
    public var owner: String { Self.owner(userId: userId, submittedBy: submittedBy) }

    public static func owner(userId: String?, submittedBy: UInt32?) -> String {
        userId ?? submittedBy.map { "uid:\($0)" } ?? ""
    }

    /// Reads a pending job's order keys from its `status.json`.
    public init?(status: JobStatus) {
        guard let name = status.kind, let kind = JobKind(name: name) else { return nil }
        self.init(
            id: status.jobId, kind: kind, priority: status.priority, createdAt: status.createdAt,
            notBefore: status.nextAttemptAt, userId: status.userId, submittedBy: status.source?.submittedBy)
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
    /// Whose drops are accepted (by the file's owner).
    public var submitters = SubmitterPolicy()
    /// Most jobs one owner may have waiting or running; 0: no limit.
    public var userMaxPending = 0
    /// The scheduler's count of each owner's jobs, for `userMaxPending`.
    public var load: UserLoad?
    /// `--max-crashes`, for a job folder moved out of `processing/` into the inbox, which
    /// intake recovers as an orphan.
    public var maxCrashes = 3

    public init(
        settleSeconds: Double = 5, batchSize: Int = 256, syncfsThreshold: Int = 16, submitters: SubmitterPolicy = SubmitterPolicy(),
        userMaxPending: Int = 0, load: UserLoad? = nil
    ) {
        self.settleSeconds = settleSeconds
        self.batchSize = batchSize
        self.syncfsThreshold = syncfsThreshold
        self.submitters = submitters
        self.userMaxPending = userMaxPending
        self.load = load
    }
}
