import MediaKit
import SpoolCore

/// Turns a job's options into the encoder settings: explicit options win, then the quality
/// preset, then the format's defaults (README, "Quality and formats").
///
/// | preset   | mp3          | m4a      | opus     | flac/wav | channels |
/// |----------|--------------|----------|----------|----------|----------|
/// | voice    | CBR 64       | 64 kbps  | 32 kbps  | 16-bit   | mono     |
/// | standard | CBR 128      | 128 kbps | 64 kbps  | 16-bit   | kept     |
/// | high     | VBR -V0      | 256 kbps | 128 kbps | 24-bit   | kept     |
enum EncodingChoice {
    static func encoding(for options: JobOptions) -> AudioEncoding {
        let preset = options.quality ?? .standard
        let format = AudioFormat(rawValue: options.format.rawValue) ?? .mp3
        var encoding = AudioEncoding(format: format)
        encoding.sampleRate = options.sampleRate
        encoding.channels = options.channels ?? (preset == .voice ? 1 : nil)
        switch options.format {
        case .mp3:
            if let quality = options.vbrQuality {
                encoding.vbrQuality = quality
            } else if let bitrate = options.bitrate {
                encoding.bitrateKbps = bitrate
            } else {
                switch preset {
                case .voice: encoding.bitrateKbps = 64
                case .standard: encoding.bitrateKbps = JobOptions.defaultBitrate
                case .high: encoding.vbrQuality = 0
                }
            }
        case .m4a:
            encoding.bitrateKbps = options.bitrate ?? [QualityPreset.voice: 64, .standard: 128, .high: 256][preset]
        case .opus:
            encoding.bitrateKbps = options.bitrate ?? [QualityPreset.voice: 32, .standard: 64, .high: 128][preset]
        case .flac, .wav:
            encoding.sampleFormatBits = preset == .high ? 24 : 16
        }
        return encoding
    }
}
