/// How an MP3 export is encoded: rate control, output format and ID3v2 tags.
public struct MP3Settings: Sendable, Equatable {
    public enum RateControl: Sendable, Equatable {
        /// Constant bitrate, like `lame --cbr -b kbps`.
        case constant(kbps: Int)
        /// Variable bitrate, like `lame -V quality` (0 best … 9 smallest).
        case variable(quality: Int)
    }

    public var rateControl: RateControl
    /// Output sample rate in Hz; `nil` picks ``preferredSampleRate(forInput:)`` of the input.
    public var sampleRate: Int?
    /// 1 or 2; `nil` keeps the input's channel count, at most 2.
    public var channels: Int?
    /// ID3v2 tags: `title`, `artist`, `album`, `albumArtist`, `date`/`year`, `track`, `genre`,
    /// `composer`, `publisher`, `copyright`, `language`, `comment`; any other key becomes a `TXXX`
    /// frame with the key as its description.
    public var tags: [String: String]

    public init(
        rateControl: RateControl = .constant(kbps: 128), sampleRate: Int? = nil, channels: Int? = nil,
        tags: [String: String] = [:]
    ) {
        self.rateControl = rateControl
        self.sampleRate = sampleRate
        self.channels = channels
        self.tags = tags
    }

    /// The sample rates MPEG-1, 2 and 2.5 layer III can carry.
    public static let supportedSampleRates = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000]

    /// Every layer III bitrate of MPEG-1, 2 or 2.5 in kbps; which ones a given rate allows is
    /// ``bitrates(forSampleRate:)``.
    public static let supportedBitrates = [
        8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 192, 224, 256, 320,
    ]

    /// The layer III bitrates (kbps) valid at `sampleRate`: MPEG-1 (32–48 kHz) 32…320,
    /// MPEG-2 and 2.5 (8–24 kHz) 8…160. Empty for an unsupported rate.
    public static func bitrates(forSampleRate sampleRate: Int) -> [Int] {
        switch sampleRate {
        case 32000, 44100, 48000: return [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
        case 8000, 11025, 12000, 16000, 22050, 24000:
            return [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
        default: return []
        }
    }

    /// The input rate if MP3 supports it; else the largest supported rate that divides it evenly
    /// (96000 → 48000, 88200 → 44100); else the smallest supported rate above it; else 48000
    /// (also for an unknown rate, 0 or less).
    public static func preferredSampleRate(forInput rate: Int) -> Int {
        guard rate > 0 else { return 48000 }
        if supportedSampleRates.contains(rate) { return rate }
        if let divisor = supportedSampleRates.last(where: { rate % $0 == 0 }) { return divisor }
        if let above = supportedSampleRates.first(where: { $0 > rate }) { return above }
        return 48000
    }
}
