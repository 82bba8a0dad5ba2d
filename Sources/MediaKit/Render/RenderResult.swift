/// What a render read from one part and where the part sits in the output.
public struct RenderedPart: Sendable, Equatable {
    /// The demuxer's short name, e.g. `wav`, `mp3`.
    public var format: String
    /// The input codec, e.g. `pcm_s16le`, `mp3`.
    public var codec: String
    public var sampleRate: Int
    public var channels: Int
    /// Audio decoded from the part (after encoder delay and padding are trimmed), in seconds of input.
    public var decodedSeconds: Double
    /// The part's first and last sample in the output's decoded timeline (gaps excluded).
    public var startSeconds: Double
    public var endSeconds: Double
    /// Packets the decoder rejected as corrupt and that were skipped.
    public var skippedCorruptPackets: Int

    public init(
        format: String, codec: String, sampleRate: Int, channels: Int, decodedSeconds: Double, startSeconds: Double,
        endSeconds: Double, skippedCorruptPackets: Int = 0
    ) {
        self.format = format
        self.codec = codec
        self.sampleRate = sampleRate
        self.channels = channels
        self.decodedSeconds = decodedSeconds
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
        self.skippedCorruptPackets = skippedCorruptPackets
    }
}

/// What a finished render read and wrote.
public struct RenderResult: Sendable, Equatable {
    public var parts: [RenderedPart]
    /// `mp3 (LAME 3.100)`, `aac`, `opus`, `flac`, `pcm_s16le` or `pcm_s24le`.
    public var codecName: String
    public var outputSampleRate: Int
    public var outputChannels: Int
    /// PCM samples per channel handed to the encoder: the decoded length of the output.
    public var outputSamples: Int64
    public var outputDurationSeconds: Double
    /// The final file's size.
    public var outputBytes: Int64
    /// The chapters written to the file (empty without chapters, for one part, or for wav).
    public var chapters: [AudioChapter]
    /// Loudness of the PCM handed to the encoder (after gains and limiter), when asked for. The
    /// encoded file may differ slightly: lossy codecs move true peaks by a fraction of a dB.
    public var outputLoudness: LoudnessMeasurement?
    /// The gain in dB added to every part to reach ``RenderRequest/loudnessTargetLUFS``; `nil` without a target.
    public var makeupGainDB: Double?

    public init(
        parts: [RenderedPart], codecName: String, outputSampleRate: Int, outputChannels: Int, outputSamples: Int64,
        outputDurationSeconds: Double, outputBytes: Int64, chapters: [AudioChapter] = [],
        outputLoudness: LoudnessMeasurement? = nil, makeupGainDB: Double? = nil
    ) {
        self.parts = parts
        self.codecName = codecName
        self.outputSampleRate = outputSampleRate
        self.outputChannels = outputChannels
        self.outputSamples = outputSamples
        self.outputDurationSeconds = outputDurationSeconds
        self.outputBytes = outputBytes
        self.chapters = chapters
        self.outputLoudness = outputLoudness
        self.makeupGainDB = makeupGainDB
    }
}
