/// An ``AudioEncoding`` with every choice made for a given first part: what the encoder is set
/// up with.
struct ResolvedEncoding: Sendable, Equatable {
    var format: AudioFormat
    var sampleRate: Int
    var channels: Int
    /// Lossy formats other than mp3 (which uses ``mp3RateControl``).
    var bitrateKbps: Int?
    /// mp3 only.
    var mp3RateControl: MP3Settings.RateControl?
    /// flac and wav: 16 or 24.
    var bits: Int

    /// Chooses rate and channels for a first part at `inputRate` Hz with `inputChannels`
    /// channels, and checks what depends on them (an mp3 bitrate against the rate).
    init(_ encoding: AudioEncoding, inputRate: Int, inputChannels: Int) throws(MediaError) {
        try encoding.validate()
        format = encoding.format
        sampleRate = encoding.sampleRate ?? AudioEncoding.preferredSampleRate(forInput: inputRate, format: format)
        channels = encoding.channels ?? min(max(inputChannels, 1), 2)
        bits = encoding.sampleFormatBits ?? 16
        if format == .mp3 {
            let control: MP3Settings.RateControl =
                if let quality = encoding.vbrQuality {
                    .variable(quality: quality)
                } else {
                    .constant(kbps: encoding.bitrateKbps ?? 128)
                }
            try MP3Settings.validate(sampleRate: sampleRate, rateControl: control)
            mp3RateControl = control
        } else if !format.isLossless {
            bitrateKbps = encoding.bitrateKbps ?? AudioEncoding.defaultBitrateKbps(for: format)
        }
    }
}
