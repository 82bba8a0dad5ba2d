/// `options` of a job file. Unknown options are kept in `extra`. Only what the job file says is
/// stored: presets and defaults are resolved by the worker, so `job.json` shows the request.
public struct JobOptions: Sendable, Equatable {
    /// Bit rate in kbit/s (CBR for MP3); ignored when `vbrQuality` is set.
    public var bitrate: Int?
    /// LAME VBR quality 0 (best) … 9; when set, the MP3 is VBR.
    public var vbrQuality: Int?
    /// Output sample rate in Hz; nil keeps the input's rate when the format allows it.
    public var sampleRate: Int?
    /// 1 or 2; nil keeps the input's channel count (at most 2).
    public var channels: Int?
    /// Loudness normalisation to EBU R128; nil when off.
    public var normalize: LoudnessTarget?
    /// Silence between the parts of a page export, in milliseconds.
    public var gapMs: Int
    public var format: ExportFormat
    public var quality: QualityPreset?
    /// How a page export joins its parts.
    public var mode: ConcatMode
    /// The output file's name; nil for `<id>.<format>`.
    public var outputName: String?
    /// Whether identical earlier work may be reused.
    public var cache: Bool
    /// Whether a page export carries one chapter per part.
    public var chapters: Bool
    /// The options of an audiogram or carousel (whose audio options above stay unset).
    public var visual: VisualOptions?
    public var extra: [String: JSONValue]

    public static let defaultBitrate = 128
    /// MPEG-1, 2 and 2.5 layer III bit rates in kbit/s.
    public static let mp3Bitrates = [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 192, 224, 256, 320]
    public static let mp3SampleRates = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000]

    public init(
        bitrate: Int? = nil, vbrQuality: Int? = nil, sampleRate: Int? = nil, channels: Int? = nil,
        normalize: LoudnessTarget? = nil, gapMs: Int = 0, format: ExportFormat = .mp3, quality: QualityPreset? = nil,
        mode: ConcatMode = .auto, outputName: String? = nil, cache: Bool = true, chapters: Bool = true,
        visual: VisualOptions? = nil, extra: [String: JSONValue] = [:]
    ) {
        self.visual = visual
        self.bitrate = bitrate
        self.vbrQuality = vbrQuality
        self.sampleRate = sampleRate
        self.channels = channels
        self.normalize = normalize
        self.gapMs = gapMs
        self.format = format
        self.quality = quality
        self.mode = mode
        self.outputName = outputName
        self.cache = cache
        self.chapters = chapters
        self.extra = extra
    }

    /// The options that ask for decoding and encoding, by field name: a copy-mode page export
    /// cannot honour any of them.
    public var encodingFields: [String] {
        var fields: [String] = []
        if format != .mp3 { fields.append("format") }
        if bitrate != nil { fields.append("bitrate") }
        if vbrQuality != nil { fields.append("vbrQuality") }
        if sampleRate != nil { fields.append("sampleRate") }
        if channels != nil { fields.append("channels") }
        if quality != nil { fields.append("quality") }
        if normalize != nil { fields.append("normalize") }
        return fields
    }

    var json: JSONValue {
        if let visual {
            var object = extra.merging(visual.json) { $1 }
            object["outputName"] = outputName.map(JSONValue.string) ?? .null
            object["cache"] = .bool(cache)
            return .object(object)
        }
        var object = extra
        object["bitrate"] = bitrate.map { .number(Double($0)) } ?? .null
        object["vbrQuality"] = vbrQuality.map { .number(Double($0)) } ?? .null
        object["sampleRate"] = sampleRate.map { .number(Double($0)) } ?? .null
        object["channels"] = channels.map { .number(Double($0)) } ?? .null
        object["normalize"] = normalize?.json ?? .bool(false)
        object["gapMs"] = .number(Double(gapMs))
        object["format"] = .string(format.rawValue)
        object["quality"] = quality.map { .string($0.rawValue) } ?? .null
        object["mode"] = .string(mode.rawValue)
        object["outputName"] = outputName.map(JSONValue.string) ?? .null
        object["cache"] = .bool(cache)
        object["chapters"] = .bool(chapters)
        return .object(object)
    }
}
