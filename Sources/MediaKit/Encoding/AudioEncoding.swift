/// How a render is encoded: the format and its settings. `nil` settings are chosen from the
/// first part and the format (see ``ResolvedEncoding``).
public struct AudioEncoding: Sendable, Equatable {
    public var format: AudioFormat
    /// Output rate in Hz. `nil`: the first part's rate if the format allows it, else the closest
    /// rate it allows (see ``AudioEncoding/preferredSampleRate(forInput:format:)``). Opus is always 48000.
    public var sampleRate: Int?
    /// 1 or 2; `nil`: the first part's channel count, at most 2.
    public var channels: Int?
    /// Lossy formats only; `nil` is the format's default (mp3 128, m4a 128, opus 64). For mp3 a
    /// bitrate means CBR.
    public var bitrateKbps: Int?
    /// mp3 only: LAME VBR quality (`-V` 0 best … 9 smallest); excludes ``bitrateKbps``.
    public var vbrQuality: Int?
    /// flac and wav only: 16 or 24 (default 16).
    public var sampleFormatBits: Int?

    public init(
        format: AudioFormat, sampleRate: Int? = nil, channels: Int? = nil, bitrateKbps: Int? = nil,
        vbrQuality: Int? = nil, sampleFormatBits: Int? = nil
    ) {
        self.format = format
        self.sampleRate = sampleRate
        self.channels = channels
        self.bitrateKbps = bitrateKbps
        self.vbrQuality = vbrQuality
        self.sampleFormatBits = sampleFormatBits
    }

    /// The default bitrate of a lossy format in kbps; `nil` for lossless ones.
    public static func defaultBitrateKbps(for format: AudioFormat) -> Int? {
        switch format {
        case .mp3, .m4a: 128
        case .opus: 64
        case .flac, .wav: nil
        }
    }

    /// Sample rates a format can carry; `nil` when any positive rate works (flac, wav).
    public static func supportedSampleRates(for format: AudioFormat) -> [Int]? {
        switch format {
        case .mp3: MP3Settings.supportedSampleRates
        case .m4a: [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000]
        case .opus: [48000]
        case .flac, .wav: nil
        }
    }

    /// The rate chosen for an input at `rate`: the input's own rate if the format allows it;
    /// else the largest allowed rate dividing it evenly (96000 → 48000); else the smallest allowed
    /// rate above it; else 48000. flac and wav keep any positive rate up to 384 kHz.
    public static func preferredSampleRate(forInput rate: Int, format: AudioFormat) -> Int {
        guard let supported = supportedSampleRates(for: format) else {
            return (1...384_000).contains(rate) ? rate : 48000
        }
        guard rate > 0 else { return 48000 }
        if supported.contains(rate) { return rate }
        if let divisor = supported.last(where: { rate % $0 == 0 }) { return divisor }
        if let above = supported.first(where: { $0 > rate }) { return above }
        return 48000
    }
}
