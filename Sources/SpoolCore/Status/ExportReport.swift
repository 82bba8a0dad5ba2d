/// What a worker measured and decided while exporting, beyond the output files: the encoding
/// it used, loudness before and after, whether the result came from the cache, and which URL
/// inputs it fetched. The daemon copies each part into `status.json`.
public struct ExportReport: Codable, Sendable, Equatable {
    public var export: ExportInfo?
    public var loudness: LoudnessReport?
    public var cache: CacheInfo?
    public var fetched: [FetchInfo]?
    public var video: VideoInfo?
    public var carousel: CarouselInfo?
    public var transcript: TranscriptInfo?

    public init(
        export: ExportInfo? = nil, loudness: LoudnessReport? = nil, cache: CacheInfo? = nil, fetched: [FetchInfo]? = nil,
        video: VideoInfo? = nil, carousel: CarouselInfo? = nil, transcript: TranscriptInfo? = nil
    ) {
        self.video = video
        self.carousel = carousel
        self.transcript = transcript
        self.export = export
        self.loudness = loudness
        self.cache = cache
        self.fetched = fetched
    }
}

/// `export` in `status.json`: how the output was made.
public struct ExportInfo: Codable, Sendable, Equatable {
    public var format: String
    /// `transcode` (one input), `copy` (MP3 frames joined byte for byte) or `reencode`.
    public var mode: String
    /// Why a page export was re-encoded (or why `auto` could not copy).
    public var modeReason: String?
    public var codec: String
    public var sampleRate: Int
    public var channels: Int
    public var bitrateKbps: Int?
    public var vbrQuality: Int?
    public var quality: String?
    public var durationSeconds: Double
    public var gapMs: Int?
    public var chapters: [ChapterInfo]?
    public var parts: [PartInfo]?

    public init(
        format: String, mode: String, modeReason: String? = nil, codec: String, sampleRate: Int, channels: Int,
        bitrateKbps: Int? = nil, vbrQuality: Int? = nil, quality: String? = nil, durationSeconds: Double, gapMs: Int? = nil,
        chapters: [ChapterInfo]? = nil, parts: [PartInfo]? = nil
    ) {
        self.format = format
        self.mode = mode
        self.modeReason = modeReason
        self.codec = codec
        self.sampleRate = sampleRate
        self.channels = channels
        self.bitrateKbps = bitrateKbps
        self.vbrQuality = vbrQuality
        self.quality = quality
        self.durationSeconds = durationSeconds
        self.gapMs = gapMs
        self.chapters = chapters
        self.parts = parts
    }
}

/// One chapter of a page export, in the output's timeline.
public struct ChapterInfo: Codable, Sendable, Equatable {
    public var title: String
    public var startSeconds: Double
    public var endSeconds: Double

    public init(title: String, startSeconds: Double, endSeconds: Double) {
        self.title = title
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
    }
}

/// One input of a page export as the worker found it.
public struct PartInfo: Codable, Sendable, Equatable {
    public var input: String
    public var format: String
    public var codec: String
    public var sampleRate: Int
    public var channels: Int
    public var durationSeconds: Double
    public var loudness: LoudnessValues?
    /// Gain applied to level this part (normalisation), dB.
    public var gainDb: Double?

    public init(
        input: String, format: String, codec: String, sampleRate: Int, channels: Int, durationSeconds: Double,
        loudness: LoudnessValues? = nil, gainDb: Double? = nil
    ) {
        self.input = input
        self.format = format
        self.codec = codec
        self.sampleRate = sampleRate
        self.channels = channels
        self.durationSeconds = durationSeconds
        self.loudness = loudness
        self.gainDb = gainDb
    }
}

/// `loudness` in `status.json`: EBU R128 figures before and after normalisation.
public struct LoudnessReport: Codable, Sendable, Equatable {
    /// The target, when normalisation was asked for.
    public var target: LoudnessTarget?
    /// The input as measured (for a page export: all parts together, before levelling).
    public var input: LoudnessValues?
    /// The audio handed to the encoder.
    public var output: LoudnessValues?
    /// The gain applied (a single-input export), dB.
    public var gainDb: Double?

    public init(target: LoudnessTarget?, input: LoudnessValues?, output: LoudnessValues?, gainDb: Double? = nil) {
        self.target = target
        self.input = input
        self.output = output
        self.gainDb = gainDb
    }
}

/// Integrated loudness (LUFS), true peak (dBTP) and loudness range (LU); nil where the audio
/// is too quiet to measure (below the absolute gate).
public struct LoudnessValues: Codable, Sendable, Equatable {
    public var integratedLufs: Double?
    public var truePeakDbtp: Double?
    public var loudnessRangeLu: Double?

    public init(integratedLufs: Double?, truePeakDbtp: Double?, loudnessRangeLu: Double?) {
        self.integratedLufs = integratedLufs
        self.truePeakDbtp = truePeakDbtp
        self.loudnessRangeLu = loudnessRangeLu
    }
}

/// `cache` in `status.json`: the job's result-cache key, and whether its outputs were reused.
public struct CacheInfo: Codable, Sendable, Equatable {
    public var key: String
    public var hit: Bool
    /// The finished job whose outputs were reused.
    public var sourceJobId: String?

    public init(key: String, hit: Bool, sourceJobId: String? = nil) {
        self.key = key
        self.hit = hit
        self.sourceJobId = sourceJobId
    }
}

/// One URL input the worker fetched.
public struct FetchInfo: Codable, Sendable, Equatable {
    public var field: String
    /// The URL without user information.
    public var url: String
    public var bytes: Int64
    public var attempts: Int
    public var redirects: Int

    public init(field: String, url: String, bytes: Int64, attempts: Int, redirects: Int) {
        self.field = field
        self.url = url
        self.bytes = bytes
        self.attempts = attempts
        self.redirects = redirects
    }
}
