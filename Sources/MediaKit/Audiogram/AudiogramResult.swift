/// What an audiogram render made.
public struct AudiogramResult: Sendable {
    /// The input's container and audio codec.
    public var inputFormat: String
    public var inputCodec: String
    /// Seconds of audio encoded, from the sample count.
    public var durationSeconds: Double
    /// Frames encoded; the video lasts `videoFrames / fps` seconds, at most one frame more than the audio.
    public var videoFrames: Int
    public var width: Int
    public var height: Int
    public var fps: Int
    public var videoCodec: String
    public var audioCodec: String
    public var sampleRate: Int
    public var channels: Int
    /// Captions written to the soft track.
    public var softCaptions: Int
    /// Captions burned into the picture (each drawn once, however many frames show it).
    public var burnedCaptions: Int
    /// The MP4's size in bytes.
    public var bytes: Int64
    /// The poster's size in bytes, when one was asked for.
    public var posterBytes: Int64?
    public var posterSeconds: Double?

    public var videoDurationSeconds: Double { Double(videoFrames) / Double(fps) }
}
