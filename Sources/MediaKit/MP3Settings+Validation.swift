extension MP3Settings {
    /// Checks what can be checked without the input: VBR quality, bitrate, channels and an
    /// explicit sample rate.
    func validate() throws(MediaError) {
        switch rateControl {
        case .constant(let kbps):
            guard Self.supportedBitrates.contains(kbps) else {
                throw Self.invalid(
                    "bitrate \(kbps) kbps is not an MP3 bitrate; use one of "
                        + Self.supportedBitrates.map(String.init).joined(separator: ", "))
            }
        case .variable(let quality):
            guard (0...9).contains(quality) else {
                throw Self.invalid("VBR quality \(quality) is out of range; use 0 (best) … 9 (smallest)")
            }
        }
        if let channels, channels != 1, channels != 2 {
            throw Self.invalid("channels \(channels) is not supported; MP3 carries 1 (mono) or 2 (stereo)")
        }
        if let sampleRate {
            try Self.validate(sampleRate: sampleRate, rateControl: rateControl)
        }
    }

    /// Checks that `sampleRate` is an MP3 rate and that a constant bitrate is valid at it.
    static func validate(sampleRate: Int, rateControl: RateControl) throws(MediaError) {
        guard supportedSampleRates.contains(sampleRate) else {
            throw invalid(
                "sample rate \(sampleRate) Hz is not an MP3 rate; use one of "
                    + supportedSampleRates.map(String.init).joined(separator: ", "))
        }
        if case .constant(let kbps) = rateControl {
            let allowed = bitrates(forSampleRate: sampleRate)
            guard allowed.contains(kbps) else {
                throw invalid(
                    "bitrate \(kbps) kbps is not valid at \(sampleRate) Hz "
                        + "(\(sampleRate >= 32000 ? "MPEG-1" : "MPEG-2/2.5") allows "
                        + allowed.map(String.init).joined(separator: ", ")
                        + "); choose another bitrate or sample rate")
            }
        }
    }

    private static func invalid(_ message: String) -> MediaError {
        MediaError(.invalidSettings, message)
    }
}
