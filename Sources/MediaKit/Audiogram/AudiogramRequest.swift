import SystemPackage

/// How the audio is drawn.
public enum WaveformStyle: String, Sendable, CaseIterable {
    /// Bars of loudness, the newest in the middle moving outwards, mirrored up and down.
    case bars
    /// The samples of the current frame's audio as a filled line, like an oscilloscope.
    case wave
    /// No waveform.
    case none
}

/// One caption: the text shown from `start` to `end` seconds. The renderer asks for its picture
/// (``AudiogramRequest/paintCaption``) only while it is on screen.
public struct AudiogramCaption: Sendable, Equatable {
    public var start: Double
    public var end: Double
    /// The caption's text for the soft track; lines separated by `\n`.
    public var text: String

    public init(start: Double, end: Double, text: String) {
        self.start = start
        self.end = end
        self.text = text
    }
}

/// A caption drawn as 8-bit coverage (0 transparent … 255 opaque), row-major.
public struct CaptionBitmap: Sendable {
    public var width: Int
    public var height: Int
    public var coverage: [UInt8]

    public init(width: Int, height: Int, coverage: [UInt8]) {
        precondition(coverage.count == width * height, "coverage holds width × height bytes")
        self.width = width
        self.height = height
        self.coverage = coverage
    }
}

/// An audiogram: the audio of one input, with a background, a live waveform and captions, as
/// an MP4 of H.264 (libx264) and AAC with `+faststart`, and a soft `mov_text` caption track.
public struct AudiogramRequest: @unchecked Sendable {
    public var input: FileDescriptor
    /// The input's name, for probing by extension and for messages.
    public var inputName: String
    /// The MP4 to write; `<outputPath>.part` while writing.
    public var outputPath: FilePath
    /// A PNG of the frame at ``posterSeconds`` (clamped to the video), written beside the video.
    public var posterPath: FilePath?
    public var posterSeconds: Double
    /// Even, 16…4096.
    public var width: Int
    public var height: Int
    /// Frames per second, 1…60.
    public var fps: Int
    /// libx264's preset (`ultrafast` … `veryslow`) and constant rate factor (0…51).
    public var preset: String
    public var crf: Int
    /// A keyframe at least every this many frames, so browsers can seek.
    public var keyframeInterval: Int
    public var audioBitrateKbps: Int
    public var backgroundColor: VideoColor
    /// A PNG or JPEG scaled to cover the frame (cropped, never stretched).
    public var backgroundImage: FilePath?
    /// A PNG or JPEG drawn, with its alpha, inside ``logoRect`` (aspect kept, centred).
    public var logo: FilePath?
    public var logoRect: PixelRect
    public var waveformStyle: WaveformStyle
    public var waveformColor: VideoColor
    public var waveformRect: PixelRect
    /// In time order (by start).
    public var captions: [AudiogramCaption]
    /// Burned-in captions are centred in this rectangle.
    public var captionRect: PixelRect
    public var captionColor: VideoColor
    /// A box behind burned-in captions (its alpha blends it), or nil for none.
    public var captionBoxColor: VideoColor?
    public var burnCaptions: Bool
    public var softCaptions: Bool
    /// Draws caption `index` at most ``captionRect``'s width wide; called once per caption shown.
    public var paintCaption: (Int) throws -> CaptionBitmap
    /// Tags of the MP4 (`title`, `artist`, `comment` …).
    public var tags: [String: String]

    public init(
        input: FileDescriptor, inputName: String, outputPath: FilePath, width: Int = 1280, height: Int = 720, fps: Int = 30
    ) {
        self.input = input
        self.inputName = inputName
        self.outputPath = outputPath
        self.posterPath = nil
        self.posterSeconds = 0
        self.width = width
        self.height = height
        self.fps = fps
        self.preset = "veryfast"
        self.crf = 23
        self.keyframeInterval = fps * 4
        self.audioBitrateKbps = 128
        self.backgroundColor = VideoColor(red: 16, green: 24, blue: 32)
        self.backgroundImage = nil
        self.logo = nil
        self.logoRect = PixelRect(x: 0, y: 0, width: 0, height: 0)
        self.waveformStyle = .bars
        self.waveformColor = VideoColor(red: 255, green: 255, blue: 255)
        self.waveformRect = PixelRect(x: 0, y: height / 3, width: width, height: height / 3)
        self.captions = []
        self.captionRect = PixelRect(x: width / 10, y: height * 2 / 3, width: width * 8 / 10, height: height / 4)
        self.captionColor = VideoColor(red: 255, green: 255, blue: 255)
        self.captionBoxColor = VideoColor(red: 0, green: 0, blue: 0, alpha: 140)
        self.burnCaptions = true
        self.softCaptions = true
        self.paintCaption = { _ in CaptionBitmap(width: 0, height: 0, coverage: []) }
        self.tags = [:]
    }

    static let presets = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"]

    func validate() throws(MediaError) {
        func invalid(_ text: String) -> MediaError { MediaError(.invalidSettings, text) }
        guard (16...4096).contains(width), (16...4096).contains(height), width % 2 == 0, height % 2 == 0 else {
            throw invalid("video size \(width)×\(height): width and height must be even, 16…4096")
        }
        guard (1...60).contains(fps) else { throw invalid("fps \(fps): must be 1…60") }
        guard Self.presets.contains(preset) else { throw invalid("preset '\(preset)': one of \(Self.presets.joined(separator: ", "))") }
        guard (0...51).contains(crf) else { throw invalid("crf \(crf): must be 0…51") }
        guard (16...512).contains(audioBitrateKbps) else { throw invalid("audio bit rate \(audioBitrateKbps) kbit/s: must be 16…512") }
        guard keyframeInterval >= 1 else { throw invalid("keyframe interval must be at least 1 frame") }
        for (index, caption) in captions.enumerated() where !(caption.start >= 0 && caption.end >= caption.start) {
            throw invalid("caption \(index + 1): start \(caption.start) s and end \(caption.end) s are not in order")
        }
        for index in captions.indices.dropFirst() where captions[index].start < captions[index - 1].start {
            throw invalid("caption \(index + 1) starts before caption \(index); captions must be in time order")
        }
    }
}
