/// `options` of a job file. Unknown options are kept in `extra`.
public struct JobOptions: Sendable, Equatable {
    /// CBR bit rate in kbit/s; ignored when `vbrQuality` is set.
    public var bitrate: Int?
    /// LAME VBR quality 0 (best) … 9; when set, the MP3 is VBR.
    public var vbrQuality: Int?
    /// Output sample rate in Hz; nil keeps the input's rate when MP3 allows it.
    public var sampleRate: Int?
    /// 1 or 2; nil keeps the input's channel count (at most 2).
    public var channels: Int?
    public var normalize: Bool
    public var gapMs: Int
    public var extra: [String: JSONValue]

    public static let defaultBitrate = 128
    /// MPEG-1, 2 and 2.5 layer III bit rates in kbit/s.
    public static let mp3Bitrates = [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 192, 224, 256, 320]
    public static let mp3SampleRates = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000]

    public init(
        bitrate: Int? = nil, vbrQuality: Int? = nil, sampleRate: Int? = nil, channels: Int? = nil,
        normalize: Bool = false, gapMs: Int = 0, extra: [String: JSONValue] = [:]
    ) {
        self.bitrate = bitrate
        self.vbrQuality = vbrQuality
        self.sampleRate = sampleRate
        self.channels = channels
        self.normalize = normalize
        self.gapMs = gapMs
        self.extra = extra
    }

    /// The CBR bit rate that applies: nil for VBR, else `bitrate` or the default.
    public var effectiveBitrate: Int? { vbrQuality == nil ? (bitrate ?? Self.defaultBitrate) : nil }

    var json: JSONValue {
        var object = extra
        object["bitrate"] = effectiveBitrate.map { .number(Double($0)) } ?? .null
        object["vbrQuality"] = vbrQuality.map { .number(Double($0)) } ?? .null
        object["sampleRate"] = sampleRate.map { .number(Double($0)) } ?? .null
        object["channels"] = channels.map { .number(Double($0)) } ?? .null
        object["normalize"] = .bool(normalize)
        object["gapMs"] = .number(Double(gapMs))
        return .object(object)
    }
}
