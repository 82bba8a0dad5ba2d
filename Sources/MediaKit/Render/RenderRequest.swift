import SystemPackage

/// One input of a render: an open file, read from its current offset (the caller owns and
/// closes it), with the title its chapter gets and a gain. Give every part its own descriptor,
/// even for the same file: a part reads its descriptor to the end.
public struct RenderPart: Sendable {
    public var descriptor: FileDescriptor
    /// The original file name, for probing by extension and for messages.
    public var name: String
    /// The chapter title (chapters are written when ``RenderRequest/chapters`` is set).
    public var title: String
    /// Applied after resampling, before the limiter; e.g. `target − measured` from
    /// ``LoudnessScanner`` to bring parts to one loudness.
    public var gainDB: Double

    public init(descriptor: FileDescriptor, name: String, title: String = "", gainDB: Double = 0) {
        self.descriptor = descriptor
        self.name = name
        self.title = title
        self.gainDB = gainDB
    }
}

/// Several parts rendered one after another into one file.
public struct RenderRequest: Sendable {
    public var parts: [RenderPart]
    /// Digital silence between consecutive parts (not before the first or after the last):
    /// `round(gapMilliseconds × rate / 1000)` samples exactly.
    public var gapMilliseconds: Int
    public var encoding: AudioEncoding
    /// Tags, keyed as ``MP3Settings/tags`` describes; each format stores them its own way
    /// (ID3v2.4 frames, mp4 atoms, Vorbis comments, RIFF `INFO`).
    public var tags: [String: String]
    /// One chapter per part, titled with ``RenderPart/title``, when there is more than one part.
    /// A chapter runs from its part's first sample to the next part's (the gap belongs to the
    /// part before it); the last ends with the file. Ignored for wav, which has no chapters.
    public var chapters: Bool
    /// When set, a look-ahead true-peak limiter keeps the output at or below this many dBTP
    /// (with a safety margin for lossy codecs, see ``AudioRenderer/limiterMarginDB(for:)``).
    public var truePeakCeilingDBTP: Double?
    /// When set, the whole render is brought to this integrated loudness (LUFS) as it reaches
    /// the encoder, limiter included: an analysis pass decodes every part with its gain and
    /// measures the result of candidate makeup gains through the limiter, then the encoding
    /// pass applies the makeup that reaches the target. Per-part gains still set the parts'
    /// loudness relative to each other. Without a ceiling the makeup is exact; with one it is
    /// interpolated between candidates (-3…+6 dB, so at most 6 dB is added). Costs a second
    /// decode of every part, whose descriptors must be seekable (offsets are restored).
    public var loudnessTargetLUFS: Double?
    /// Whether to measure the loudness of the output (see ``RenderResult/outputLoudness``).
    public var measureOutputLoudness: Bool
    /// The file to write; `<outputPath>.part` while writing.
    public var outputPath: FilePath

    public init(
        parts: [RenderPart], gapMilliseconds: Int = 0, encoding: AudioEncoding, tags: [String: String] = [:],
        chapters: Bool = false, truePeakCeilingDBTP: Double? = nil, loudnessTargetLUFS: Double? = nil,
        measureOutputLoudness: Bool = false, outputPath: FilePath
    ) {
        self.parts = parts
        self.gapMilliseconds = gapMilliseconds
        self.encoding = encoding
        self.tags = tags
        self.chapters = chapters
        self.truePeakCeilingDBTP = truePeakCeilingDBTP
        self.loudnessTargetLUFS = loudnessTargetLUFS
        self.measureOutputLoudness = measureOutputLoudness
        self.outputPath = outputPath
    }

    /// Whether the output carries chapters: asked for, more than one part, and a format that has them.
    var writesChapters: Bool { chapters && parts.count > 1 && encoding.format.supportsChapters }
}
