/// Options of audiograms (`mp4`) and carousels, as the job file gives them; nil means the
/// default, resolved by the worker.
public struct VisualOptions: Sendable, Equatable {
    /// libx264's preset; default `veryfast`.
    public var preset: String?
    /// libx264's constant rate factor 0…51; default 23.
    public var crf: Int?
    /// A PNG poster beside the video: default on, at the middle of the first caption.
    public var poster: PosterChoice?
    /// Where captions go; default both burned in and as a soft track.
    public var captions: CaptionMode?
    /// AAC bit rate in kbit/s; default 128.
    public var bitrate: Int?
    /// Carousels: PNG renderings beside the SVG slides; default true.
    public var png: Bool?
    /// Carousels: the most slides a transcript may need; default 100.
    public var maxSlides: Int?

    public init() {}

    public static let presets = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"]
    public static let defaultPreset = "veryfast"
    public static let defaultCRF = 23
    public static let defaultBitrate = 128
    public static let defaultMaxSlides = 100

    var json: [String: JSONValue] {
        var object: [String: JSONValue] = [:]
        if let preset { object["preset"] = .string(preset) }
        if let crf { object["crf"] = .number(Double(crf)) }
        if let poster { object["poster"] = poster.json }
        if let captions { object["captions"] = .string(captions.rawValue) }
        if let bitrate { object["bitrate"] = .number(Double(bitrate)) }
        if let png { object["png"] = .bool(png) }
        if let maxSlides { object["maxSlides"] = .number(Double(maxSlides)) }
        return object
    }
}

/// `options.poster`: `true` (the middle of the first caption, or 1 s in), `false`, or seconds.
public enum PosterChoice: Sendable, Equatable {
    case off
    case automatic
    case at(Double)

    var json: JSONValue {
        switch self {
        case .off: .bool(false)
        case .automatic: .bool(true)
        case .at(let seconds): .number(seconds)
        }
    }
}

/// `options.captions` of an audiogram.
public enum CaptionMode: String, CaseIterable, Sendable {
    /// Drawn into the picture and as a soft `mov_text` track.
    case both
    case burned
    case soft
    case none

    public var burns: Bool { self == .both || self == .burned }
    public var soft: Bool { self == .both || self == .soft }
}
