/// The file formats a render can produce.
public enum AudioFormat: String, CaseIterable, Sendable {
    /// MPEG-1/2 layer III through LAME, with an ID3v2.4 tag and the LAME/Xing frame.
    case mp3
    /// AAC-LC (FFmpeg's native `aac` encoder) in an MPEG-4 (`ipod`) file, `moov` first.
    case m4a
    /// Opus (`libopus`) in Ogg, always at 48 kHz.
    case opus
    /// FLAC, 16 or 24 bit.
    case flac
    /// RIFF WAVE, PCM 16 or 24 bit (RF64 past 4 GiB).
    case wav

    public var fileExtension: String { rawValue }

    public var mimeType: String {
        switch self {
        case .mp3: "audio/mpeg"
        case .m4a: "audio/mp4"
        case .opus: "audio/ogg; codecs=opus"
        case .flac: "audio/flac"
        case .wav: "audio/wav"
        }
    }

    public var isLossless: Bool { self == .flac || self == .wav }

    /// Whether a render to this format can carry one chapter per part. WAV cannot: RIFF has no
    /// chapter list FFmpeg writes or players read.
    public var supportsChapters: Bool { self != .wav }
}
