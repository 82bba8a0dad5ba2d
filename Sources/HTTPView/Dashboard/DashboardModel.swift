/// Everything the dashboard page shows, gathered by the server beforehand, so that rendering is a pure
/// function of it: no I/O while writing HTML, and tests need no spool.
public struct DashboardModel: Sendable {
    /// Jobs per state; keys are the folder names: pending, processing, done, failed, hold.
    public var counts: [String: Int]
    /// Newest first, already filtered and limited to one page.
    public var jobs: [DashboardJob]
    /// One of the keys of `counts`, or nil for all states.
    public var stateFilter: String?
    public var userFilter: String?
    /// Set when the page shows one batch's jobs.
    public var batchFilter: String?
    /// Known user ids, the choices of the user filter.
    public var users: [String]
    /// Set when there are older jobs than this page shows.
    public var nextCursor: String?
    /// ISO 8601.
    public var generatedAt: String
    /// Set on a job's own page (a capability URL, `/j/<id>/<key>/`): the page shows that job
    /// alone, without counts, filters or paging (they would list other jobs), and its script
    /// follows `<jobBase>events` and `<jobBase>status`.
    public var jobBase: String?

    public init(
        counts: [String: Int] = [:], jobs: [DashboardJob] = [], stateFilter: String? = nil, userFilter: String? = nil,
        users: [String] = [], nextCursor: String? = nil, generatedAt: String, batchFilter: String? = nil, jobBase: String? = nil
    ) {
        self.jobBase = jobBase
        self.batchFilter = batchFilter
        self.counts = counts
        self.jobs = jobs
        self.stateFilter = stateFilter
        self.userFilter = userFilter
        self.users = users
        self.nextCursor = nextCursor
        self.generatedAt = generatedAt
    }
}

/// One row of the dashboard: the parts of a job's `status.json` a person looks at, plus the folder it is in.
public struct DashboardJob: Sendable {
    public var id: String
    /// mp3, concat, mp4, carousel; nil for a rejected drop whose kind could not be read.
    public var kind: String?
    /// The folder: pending, processing, done, failed or hold.
    public var state: String
    /// While processing: probing, decoding, encoding, finalizing …
    public var phase: String?
    /// 0...1.
    public var progress: Double
    public var estimatedSeconds: Int?
    public var attempts: Int
    public var maxAttempts: Int
    public var userId: String?
    /// ISO 8601 with microseconds, UTC: 2026-11-23T10:15:02.123456Z.
    public var createdAt: String
    public var completedAt: String?
    public var inputSeconds: Double?
    public var error: String?
    public var errorCode: String?
    public var errorField: String?
    public var outputs: [DashboardOutput]
    /// The batch file the job came in, and its place there.
    public var batchId: String?
    public var batchIndex: Int?

    public init(
        id: String, kind: String? = nil, state: String, phase: String? = nil, progress: Double = 0, estimatedSeconds: Int? = nil,
        attempts: Int = 0, maxAttempts: Int = 0, userId: String? = nil, createdAt: String, completedAt: String? = nil,
        inputSeconds: Double? = nil, error: String? = nil, errorCode: String? = nil, errorField: String? = nil,
        outputs: [DashboardOutput] = [], batchId: String? = nil, batchIndex: Int? = nil
    ) {
        self.batchId = batchId
        self.batchIndex = batchIndex
        self.id = id
        self.kind = kind
        self.state = state
        self.phase = phase
        self.progress = progress
        self.estimatedSeconds = estimatedSeconds
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.userId = userId
        self.createdAt = createdAt
        self.completedAt = completedAt
        self.inputSeconds = inputSeconds
        self.error = error
        self.errorCode = errorCode
        self.errorField = errorField
        self.outputs = outputs
    }
}

/// One output file of a done job, with the URL it is served at.
public struct DashboardOutput: Sendable {
    public var name: String
    public var size: Int64
    public var mimeType: String
    /// `/files/<id>/<name>`, already percent-encoded.
    public var url: String

    public init(name: String, size: Int64, mimeType: String, url: String) {
        self.name = name
        self.size = size
        self.mimeType = mimeType
        self.url = url
    }
}
