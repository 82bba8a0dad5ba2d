/// `status.json`: a superset of the old export service's status API (DESIGN.md). Only the
/// daemon writes it. Absent values are written as `null`, so clients can rely on every key.
public struct JobStatus: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case pending, processing, completed, failed
    }

    public var jobId: String
    /// nil for a rejected drop whose kind could not be read.
    public var kind: String?
    public var status: Status
    /// What the worker is doing now: probing, decoding, encoding, finalizing …
    public var phase: String?
    public var progress: Double
    public var attempts: Int
    public var maxAttempts: Int
    public var estimatedSeconds: Int?
    public var outputUrl: String?
    public var outputSize: Int64?
    public var outputs: [OutputFile]
    public var error: String?
    public var errorCode: String?
    public var errorField: String?
    /// Every validation problem when a drop was rejected for more than one reason.
    public var problems: [JobError]?
    /// The error of the last attempt while a retry waits.
    public var lastError: String?
    public var createdAt: Timestamp
    public var startedAt: Timestamp?
    public var completedAt: Timestamp?
    public var nextAttemptAt: Timestamp?
    public var updatedAt: Timestamp
    public var priority: Int
    public var userId: String?
    public var source: SourceInfo?
    public var input: InputInfo?
    /// What the last attempt's worker used.
    public var resources: ResourceUsage?
    /// While processing: the pid of the worker running the job (its process group id too).
    public var workerPid: Int32?
    /// The batch file this job came from (its stem), and the job's 1-based place in it.
    public var batchId: String?
    public var batchIndex: Int?
    /// How the output was made: format, mode (copy or re-encode), chapters, parts.
    public var export: ExportInfo?
    /// EBU R128 loudness measured before and after normalisation.
    public var loudness: LoudnessReport?
    /// The result-cache key, and whether the outputs were reused from an earlier job.
    public var cache: CacheInfo?
    /// URL inputs that were fetched.
    public var fetched: [FetchInfo]?
    /// How an audiogram was made: size, codecs, frames, captions, poster.
    public var video: VideoInfo?
    /// A carousel's slides and their index file.
    public var carousel: CarouselInfo?
    /// Where an audiogram's captions or a carousel's text came from.
    public var transcript: TranscriptInfo?
    /// Times the job's worker crashed, stalled, or the daemon died while it ran (reset by `retry`).
    public var crashes: Int?
    /// While in `processing/`: the daemon that holds the job, and its last status write.
    public var lease: JobLease?

    public init(jobId: String, kind: String?, status: Status, createdAt: Timestamp, maxAttempts: Int, priority: Int = 0) {
        self.jobId = jobId
        self.kind = kind
        self.status = status
        self.phase = nil
        self.progress = 0
        self.attempts = 0
        self.maxAttempts = maxAttempts
        self.outputs = []
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.priority = priority
    }

    /// Records a failure: `error`, `errorCode`, `errorField`.
    public mutating func setError(_ error: JobError?) {
        self.error = error?.message
        self.errorCode = error?.code.rawValue
        self.errorField = error?.field
    }

    enum CodingKeys: String, CodingKey {
        case jobId, kind, status, phase, progress, attempts, maxAttempts, estimatedSeconds, outputUrl, outputSize
        case outputs, error, errorCode, errorField, problems, lastError, createdAt, startedAt, completedAt
        case nextAttemptAt, updatedAt, priority, userId, source, input, resources, workerPid
        case batchId, batchIndex, export, loudness, cache, fetched, video, carousel, transcript, crashes, lease
    }

    /// Copies what the worker reported about the export.
    public mutating func apply(_ report: ExportReport?) {
        export = report?.export
        loudness = report?.loudness
        cache = report?.cache
        fetched = report?.fetched
        video = report?.video
        carousel = report?.carousel
        transcript = report?.transcript
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(jobId, forKey: .jobId)
        try container.encode(kind, forKey: .kind)
        try container.encode(status, forKey: .status)
        try container.encode(phase, forKey: .phase)
        try container.encode(progress, forKey: .progress)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(maxAttempts, forKey: .maxAttempts)
        try container.encode(estimatedSeconds, forKey: .estimatedSeconds)
        try container.encode(outputUrl, forKey: .outputUrl)
        try container.encode(outputSize, forKey: .outputSize)
        try container.encode(outputs, forKey: .outputs)
        try container.encode(error, forKey: .error)
        try container.encode(errorCode, forKey: .errorCode)
        try container.encode(errorField, forKey: .errorField)
        try container.encodeIfPresent(problems, forKey: .problems)
        try container.encodeIfPresent(lastError, forKey: .lastError)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(completedAt, forKey: .completedAt)
        try container.encode(nextAttemptAt, forKey: .nextAttemptAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(priority, forKey: .priority)
        try container.encode(userId, forKey: .userId)
        try container.encode(source, forKey: .source)
        try container.encode(input, forKey: .input)
        try container.encode(resources, forKey: .resources)
        try container.encode(workerPid, forKey: .workerPid)
        try container.encode(batchId, forKey: .batchId)
        try container.encode(batchIndex, forKey: .batchIndex)
        try container.encode(export, forKey: .export)
        try container.encode(loudness, forKey: .loudness)
        try container.encode(cache, forKey: .cache)
        try container.encode(fetched, forKey: .fetched)
        try container.encodeIfPresent(video, forKey: .video)
        try container.encodeIfPresent(carousel, forKey: .carousel)
        try container.encodeIfPresent(transcript, forKey: .transcript)
        try container.encodeIfPresent(crashes, forKey: .crashes)
        try container.encodeIfPresent(lease, forKey: .lease)
    }
}

/// One output file of a job, as listed in `status.json`.
public struct OutputFile: Codable, Sendable, Equatable {
    public var name: String
    public var size: Int64
    public var sha256: String
    public var mimeType: String
    public var durationSeconds: Double?

    public init(name: String, size: Int64, sha256: String, mimeType: String, durationSeconds: Double?) {
        self.name = name
        self.size = size
        self.sha256 = sha256
        self.mimeType = mimeType
        self.durationSeconds = durationSeconds
    }
}

/// The job file as it was dropped: its name in `inbox/`, its size and its owner.
public struct SourceInfo: Codable, Sendable, Equatable {
    public var name: String
    public var size: Int64
    public var submittedBy: UInt32

    public init(name: String, size: Int64, submittedBy: UInt32) {
        self.name = name
        self.size = size
        self.submittedBy = submittedBy
    }
}

/// What the worker found in the input.
public struct InputInfo: Codable, Sendable, Equatable {
    public var format: String
    public var codec: String
    public var sampleRate: Int
    public var channels: Int
    /// Decoded length: samples actually decoded, never the container's claim.
    public var durationSeconds: Double

    public init(format: String, codec: String, sampleRate: Int, channels: Int, durationSeconds: Double) {
        self.format = format
        self.codec = codec
        self.sampleRate = sampleRate
        self.channels = channels
        self.durationSeconds = durationSeconds
    }
}

/// What a worker process used, from `wait4(2)`.
public struct ResourceUsage: Codable, Sendable, Equatable {
    /// Peak resident set size.
    public var peakMemoryBytes: Int64
    /// User plus system CPU time.
    public var cpuSeconds: Double

    public init(peakMemoryBytes: Int64, cpuSeconds: Double) {
        self.peakMemoryBytes = peakMemoryBytes
        self.cpuSeconds = cpuSeconds
    }
}
