/// What ``MP3FrameJoiner/join(parts:infos:gapMilliseconds:tags:chapters:to:progress:)`` wrote.
public struct MP3JoinResult: Sendable, Equatable {
    /// Audio frames written (gap frames included, the Xing frame not).
    public var frames: Int
    public var gapFrames: Int
    /// The final file's size.
    public var outputBytes: Int64
    public var sampleRate: Int
    public var channels: Int
    /// Samples per channel a gapless decoder (FFmpeg) outputs.
    public var decodedSamples: Int64
    public var durationSeconds: Double
    /// One per part, in the output's decoded timeline: from where the part's audio starts to
    /// where it ends (the silence between parts belongs to no chapter).
    public var chapters: [AudioChapter]

    public init(
        frames: Int, gapFrames: Int, outputBytes: Int64, sampleRate: Int, channels: Int, decodedSamples: Int64,
        durationSeconds: Double, chapters: [AudioChapter]
    ) {
        self.frames = frames
        self.gapFrames = gapFrames
        self.outputBytes = outputBytes
        self.sampleRate = sampleRate
        self.channels = channels
        self.decodedSamples = decodedSamples
        self.durationSeconds = durationSeconds
        self.chapters = chapters
    }
}
