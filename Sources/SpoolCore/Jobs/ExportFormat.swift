/// The file format an audio export is written in (`options.format`).
public enum ExportFormat: String, CaseIterable, Sendable, Codable {
    /// MPEG layer III through LAME, ID3v2.4 tags and chapters (the default).
    case mp3
    /// AAC in an MP4 container, moov first so browsers play while downloading.
    case m4a
    /// Opus in Ogg, always 48 kHz.
    case opus
    case flac
    case wav

    public var fileExtension: String { rawValue }
    public var isLossless: Bool { self == .flac || self == .wav }

    /// The sample rates (Hz) `options.sampleRate` may name for this format.
    public var sampleRates: [Int] {
        switch self {
        case .mp3: JobOptions.mp3SampleRates
        case .m4a: [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200, 96000]
        case .opus: [8000, 12000, 16000, 24000, 48000]
        case .flac, .wav: [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000, 176400, 192000]
        }
    }

    /// The bit rates (kbit/s) `options.bitrate` may take; nil for lossless formats.
    public var bitrateRange: ClosedRange<Int>? {
        switch self {
        case .mp3: 8...320
        case .m4a: 16...512
        case .opus: 6...510
        case .flac, .wav: nil
        }
    }
}

/// How a page export joins its parts (`options.mode`).
public enum ConcatMode: String, CaseIterable, Sendable, Codable {
    /// MP3 frames joined byte for byte, no decoding: no generation loss. Fails when the parts
    /// differ in format or the options ask for anything that needs decoding.
    case copy
    /// Decode, resample and encode once.
    case reencode
    /// Copy when the parts and options allow it, else re-encode (the default).
    case auto
}

/// `options.quality`: settings for a kind of content, which explicit options override.
public enum QualityPreset: String, CaseIterable, Sendable, Codable {
    /// Speech: mono, low bit rates (MP3 64 kbit/s, AAC 64, Opus 32).
    case voice
    /// MP3 128 kbit/s, AAC 128, Opus 64; channels kept (the defaults).
    case standard
    /// MP3 VBR -V0, AAC 256, Opus 128; FLAC/WAV at 24 bits.
    case high
}

/// `options.normalize`: loudness normalisation to EBU R128 (`true` means these defaults).
public struct LoudnessTarget: Sendable, Equatable, Codable {
    /// Integrated loudness to reach, LUFS.
    public var integratedLUFS: Double
    /// Ceiling for the true peak, dBTP.
    public var truePeakDBTP: Double

    public static let defaultIntegratedLUFS = -16.0
    public static let defaultTruePeakDBTP = -1.0
    public static let integratedRange = -70.0 ... -5.0
    public static let truePeakRange = -9.0...0.0

    public init(integratedLUFS: Double = LoudnessTarget.defaultIntegratedLUFS, truePeakDBTP: Double = LoudnessTarget.defaultTruePeakDBTP) {
        self.integratedLUFS = integratedLUFS
        self.truePeakDBTP = truePeakDBTP
    }

    enum CodingKeys: String, CodingKey {
        case integratedLUFS = "integratedLufs"
        case truePeakDBTP = "truePeakDbtp"
    }

    var json: JSONValue {
        .object(["integratedLufs": .number(integratedLUFS), "truePeakDbtp": .number(truePeakDBTP)])
    }
}
