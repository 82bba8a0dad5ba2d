/// `video` in `status.json`: how an audiogram was made.
public struct VideoInfo: Codable, Sendable, Equatable {
    /// `landscape`, `square` or `portrait`.
    public var size: String
    public var width: Int
    public var height: Int
    public var fps: Int
    public var videoCodec: String
    public var audioCodec: String
    public var preset: String
    public var crf: Int
    public var audioBitrateKbps: Int
    public var sampleRate: Int
    public var channels: Int
    public var frames: Int
    /// Seconds of audio; the video lasts `frames / fps`, at most one frame more.
    public var durationSeconds: Double
    public var videoDurationSeconds: Double
    public var waveformStyle: String
    /// `both`, `burned`, `soft` or `none`, and how many captions went each way.
    public var captions: String
    public var burnedCaptions: Int
    public var softCaptions: Int
    public var templateId: String?
    public var font: String?
    /// The poster's file name and the time it shows.
    public var poster: String?
    public var posterSeconds: Double?

    public init(
        size: String, width: Int, height: Int, fps: Int, videoCodec: String, audioCodec: String, preset: String, crf: Int,
        audioBitrateKbps: Int, sampleRate: Int, channels: Int, frames: Int, durationSeconds: Double, videoDurationSeconds: Double,
        waveformStyle: String, captions: String, burnedCaptions: Int, softCaptions: Int, templateId: String?, font: String?,
        poster: String?, posterSeconds: Double?
    ) {
        self.size = size
        self.width = width
        self.height = height
        self.fps = fps
        self.videoCodec = videoCodec
        self.audioCodec = audioCodec
        self.preset = preset
        self.crf = crf
        self.audioBitrateKbps = audioBitrateKbps
        self.sampleRate = sampleRate
        self.channels = channels
        self.frames = frames
        self.durationSeconds = durationSeconds
        self.videoDurationSeconds = videoDurationSeconds
        self.waveformStyle = waveformStyle
        self.captions = captions
        self.burnedCaptions = burnedCaptions
        self.softCaptions = softCaptions
        self.templateId = templateId
        self.font = font
        self.poster = poster
        self.posterSeconds = posterSeconds
    }
}

/// `carousel` in `status.json`: the slides made, and the index that lists them.
public struct CarouselInfo: Codable, Sendable, Equatable {
    public var slides: Int
    public var size: String
    public var width: Int
    public var height: Int
    /// The font family the text was measured and drawn with, and its file.
    public var font: String
    public var fontFile: String
    public var png: Bool
    public var templateId: String?
    /// `carousel.json`.
    public var index: String

    public init(
        slides: Int, size: String, width: Int, height: Int, font: String, fontFile: String, png: Bool, templateId: String?,
        index: String
    ) {
        self.slides = slides
        self.size = size
        self.width = width
        self.height = height
        self.font = font
        self.fontFile = fontFile
        self.png = png
        self.templateId = templateId
        self.index = index
    }
}

/// `transcript` in `status.json`: where the captions or slides came from.
public struct TranscriptInfo: Codable, Sendable, Equatable {
    /// `segments`, `text` (spread by sentence), `vtt`, `srt` or `json`.
    public var source: String
    public var segments: Int
    public var transcriptId: String?
    /// The file, for `transcriptFile`.
    public var file: String?

    public init(source: String, segments: Int, transcriptId: String?, file: String?) {
        self.source = source
        self.segments = segments
        self.transcriptId = transcriptId
        self.file = file
    }
}
