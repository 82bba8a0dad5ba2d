/// What a scan of one MP3 file found, from frame headers alone (no decoding).
///
/// Made by ``MP3Scanner/scan(_:name:)``; ``MP3FrameJoiner`` decides from these whether parts
/// can be joined frame by frame and where each part lands in the joined file.
public struct MP3StreamInfo: Sendable, Equatable {
    public enum Version: String, Sendable { case mpeg1 = "MPEG-1", mpeg2 = "MPEG-2", mpeg25 = "MPEG-2.5" }
    public enum ChannelMode: String, Sendable {
        case stereo, jointStereo = "joint-stereo", dualChannel = "dual-channel", mono
    }

    public var version: Version
    public var sampleRate: Int
    /// The first audio frame's mode (LAME switches between stereo and joint stereo per frame).
    public var channelMode: ChannelMode
    public var channels: Int
    /// 1152 (MPEG-1) or 576 (MPEG-2/2.5) for layer III.
    public var samplesPerFrame: Int
    /// Audio frames; the Xing/Info (or VBRI) frame is not counted.
    public var frameCount: Int
    /// Bytes of those frames.
    public var audioBytes: Int64
    /// When every audio frame has the same bitrate (CBR).
    public var bitrateKbps: Int?
    /// From the LAME tag (`LAME`, `Lavf` or `Lavc` encoder string, as FFmpeg reads it), if any.
    public var encoderDelay: Int?
    public var encoderPadding: Int?
    /// Samples per channel a gapless decoder (FFmpeg) outputs. With a LAME tag that is
    /// `frameCount × samplesPerFrame − delay − max(padding, 529)` (the decoder's own 529-sample
    /// delay cannot be trimmed past the last frame); without one, every frame's samples.
    public var decodedSamples: Int64
    public var durationSeconds: Double
    /// The ID3v2 `TIT2` frame, if any (v2.3 or v2.4).
    public var title: String?
    /// `main_data_begin != 0` in the first audio frame: it borrows bytes from frames this file
    /// does not have, so it cannot start a joined part cleanly.
    public var firstFrameUsesReservoir: Bool
    /// Bytes between and after frames that were not frames (junk skipped by resync, a cut-off
    /// last frame); they are never copied.
    public var skippedBytes: Int64

    public init(
        version: Version, sampleRate: Int, channelMode: ChannelMode, channels: Int, samplesPerFrame: Int,
        frameCount: Int, audioBytes: Int64, bitrateKbps: Int?, encoderDelay: Int?, encoderPadding: Int?,
        decodedSamples: Int64, durationSeconds: Double, title: String?, firstFrameUsesReservoir: Bool,
        skippedBytes: Int64 = 0
    ) {
        self.version = version
        self.sampleRate = sampleRate
        self.channelMode = channelMode
        self.channels = channels
        self.samplesPerFrame = samplesPerFrame
        self.frameCount = frameCount
        self.audioBytes = audioBytes
        self.bitrateKbps = bitrateKbps
        self.encoderDelay = encoderDelay
        self.encoderPadding = encoderPadding
        self.decodedSamples = decodedSamples
        self.durationSeconds = durationSeconds
        self.title = title
        self.firstFrameUsesReservoir = firstFrameUsesReservoir
        self.skippedBytes = skippedBytes
    }

    /// The MP3 decoder's own delay (FFmpeg's `528 + 1`), which it trims with the encoder delay.
    static let decoderDelay = 529

    /// Decoded samples (per channel, counting the decoder's delay) before the first one a gapless
    /// decoder outputs: the encoder delay plus the decoder delay, or 0 without a LAME tag.
    var leadSamples: Int64 { encoderDelay.map { Int64($0 + Self.decoderDelay) } ?? 0 }

    /// Decoded samples after the last one a gapless decoder outputs (the padding less the decoder
    /// delay, which it pushes past the last frame).
    var trailSamples: Int64 { Int64(frameCount) * Int64(samplesPerFrame) - leadSamples - decodedSamples }

    /// `MPEG-1 44100 Hz mono`, for mismatch reasons.
    var formatDescription: String { "\(version.rawValue) \(sampleRate) Hz \(channelMode.rawValue)" }
}
