import SystemPackage

/// One part opened for decoding, its first frame already decoded, so that its rate and channel
/// count are known before the output is set up.
struct PartInput: ~Copyable {
    var reader: AudioFrameReader
    let name: String
    /// The stream's rate and channels as the container declares them, else the first frame's.
    let sampleRate: Int
    let channels: Int
    /// The first frame's rate and channels (what the decoder really produces).
    let frameRate: Int
    let frameChannels: Int
    let declaredDurationSeconds: Double?

    /// Opens `descriptor` and decodes the first frame. Throws ``MediaError/Code/emptyAudio`` when
    /// the audio stream has no samples, ``MediaError/Code/invalidData`` when none decode.
    init(descriptor: FileDescriptor, name: String, limits: DecodeLimits) throws(MediaError) {
        var reader = try AudioFrameReader(descriptor: descriptor, name: name, limits: limits)
        guard try reader.next() else {
            if let error = reader.lastError {
                throw MediaError(
                    .invalidData, "\(error.message); no audio could be decoded from '\(name)'",
                    function: error.function, rawCode: error.rawCode)
            }
            throw MediaError(.emptyAudio, "'\(name)' has an audio stream but it decodes to no samples")
        }
        let parameters = reader.input.codecParameters.pointee
        frameRate = reader.frame.sampleRate
        frameChannels = reader.frame.channelCount
        sampleRate = parameters.sample_rate > 0 ? Int(parameters.sample_rate) : frameRate
        channels = parameters.ch_layout.nb_channels > 0 ? Int(parameters.ch_layout.nb_channels) : frameChannels
        declaredDurationSeconds = reader.input.declaredDurationSeconds
        self.reader = reader
        self.name = name
    }
}
