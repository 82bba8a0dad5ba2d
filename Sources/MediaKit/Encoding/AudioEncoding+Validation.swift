extension AudioEncoding {
    /// Opus bitrates libopus accepts for one or two channels, in kbps.
    static let opusBitrates = 6...510
    /// AAC bitrates accepted, in kbps (FFmpeg's encoder would silently clamp larger ones).
    static let aacBitrates = 16...320
    /// Rates a lossless output may have.
    static let losslessSampleRates = 1000...384_000

    /// Checks what can be checked without the input: every setting against the format.
    func validate() throws(MediaError) {
        if let channels, channels != 1, channels != 2 {
            throw Self.invalid("channels \(channels) is not supported; use 1 (mono) or 2 (stereo)")
        }
        if let sampleRate {
            if let supported = Self.supportedSampleRates(for: format) {
                guard supported.contains(sampleRate) else {
                    throw Self.invalid(
                        "sample rate \(sampleRate) Hz is not available for \(format.rawValue); use one of "
                            + supported.map(String.init).joined(separator: ", "))
                }
            } else if !Self.losslessSampleRates.contains(sampleRate) {
                throw Self.invalid(
                    "sample rate \(sampleRate) Hz is out of range; use \(Self.losslessSampleRates.lowerBound)"
                        + "…\(Self.losslessSampleRates.upperBound) Hz")
            }
        }
        try validateRateControl()
        if let bits = sampleFormatBits {
            guard format.isLossless else {
                throw Self.invalid("sampleFormatBits applies to flac and wav only, not \(format.rawValue)")
            }
            guard bits == 16 || bits == 24 else {
                throw Self.invalid("sampleFormatBits \(bits) is not supported; use 16 or 24")
            }
        }
    }

    private func validateRateControl() throws(MediaError) {
        if format.isLossless, bitrateKbps != nil {
            throw Self.invalid("\(format.rawValue) is lossless; bitrateKbps does not apply")
        }
        if let quality = vbrQuality {
            guard format == .mp3 else { throw Self.invalid("vbrQuality applies to mp3 only, not \(format.rawValue)") }
            guard bitrateKbps == nil else {
                throw Self.invalid("set either bitrateKbps (CBR) or vbrQuality (VBR) for mp3, not both")
            }
            guard (0...9).contains(quality) else {
                throw Self.invalid("VBR quality \(quality) is out of range; use 0 (best) … 9 (smallest)")
            }
        }
        guard let kbps = bitrateKbps else { return }
        switch format {
        case .mp3:
            guard MP3Settings.supportedBitrates.contains(kbps) else {
                throw Self.invalid(
                    "bitrate \(kbps) kbps is not an MP3 bitrate; use one of "
                        + MP3Settings.supportedBitrates.map(String.init).joined(separator: ", "))
            }
        case .m4a:
            guard Self.aacBitrates.contains(kbps) else {
                throw Self.invalid(
                    "bitrate \(kbps) kbps is out of range for AAC; use \(Self.aacBitrates.lowerBound)…\(Self.aacBitrates.upperBound) kbps")
            }
        case .opus:
            guard Self.opusBitrates.contains(kbps) else {
                throw Self.invalid(
                    "bitrate \(kbps) kbps is out of range for Opus; use \(Self.opusBitrates.lowerBound)…\(Self.opusBitrates.upperBound) kbps"
                )
            }
        case .flac, .wav:
            break
        }
    }

    private static func invalid(_ message: String) -> MediaError {
        MediaError(.invalidSettings, message)
    }
}
