/// What a finished transcode read and wrote.
public struct TranscodeResult: Sendable, Equatable {
    /// The demuxer's short name, e.g. `wav`, `matroska,webm`.
    public var inputFormat: String
    /// The codec's name, e.g. `pcm_s16le`, `opus`.
    public var inputCodec: String
    public var inputSampleRate: Int
    public var inputChannels: Int
    /// Samples actually decoded, in seconds of input.
    public var decodedInputSeconds: Double
    public var outputSampleRate: Int
    public var outputChannels: Int
    /// PCM samples per channel handed to LAME.
    public var outputSamples: Int64
    public var outputDurationSeconds: Double
    /// The final file's size.
    public var outputBytes: Int64
    /// Packets the decoder rejected as corrupt and that were skipped (as the ffmpeg CLI does).
    public var skippedCorruptPackets: Int

    public init(
        inputFormat: String, inputCodec: String, inputSampleRate: Int, inputChannels: Int,
        decodedInputSeconds: Double, outputSampleRate: Int, outputChannels: Int, outputSamples: Int64,
        outputDurationSeconds: Double, outputBytes: Int64, skippedCorruptPackets: Int = 0
    ) {
        self.inputFormat = inputFormat
        self.inputCodec = inputCodec
        self.inputSampleRate = inputSampleRate
        self.inputChannels = inputChannels
        self.decodedInputSeconds = decodedInputSeconds
        self.outputSampleRate = outputSampleRate
        self.outputChannels = outputChannels
        self.outputSamples = outputSamples
        self.outputDurationSeconds = outputDurationSeconds
        self.outputBytes = outputBytes
        self.skippedCorruptPackets = skippedCorruptPackets
    }
}
