/// The look of an audiogram or carousel, every setting optional: a template file
/// (`templates/<id>.json`) and a job's `style` are both this, laid over the built-in defaults
/// (``ResolvedStyle``) in that order. Image paths are relative to the spool's `templates/`.
public struct StyleSettings: Sendable, Equatable {
    public var size: SizePreset?
    public var fps: Int?
    public var backgroundColor: StyleColor?
    public var backgroundImage: String?
    public var waveformColor: StyleColor?
    public var waveformStyle: WaveformLook?
    public var font: String?
    public var fontSize: Int?
    public var textColor: StyleColor?
    /// Slide numbers on carousels.
    public var accentColor: StyleColor?
    public var captionPosition: CaptionPosition?
    /// The box behind burned-in captions; a fully transparent colour for none.
    public var captionBackground: StyleColor?
    public var logo: String?
    public var logoPosition: LogoPosition?

    public init() {}

    public static let keys = [
        "size", "fps", "backgroundColor", "backgroundImage", "waveformColor", "waveformStyle", "font", "fontSize",
        "textColor", "accentColor", "captionPosition", "captionBackground", "logo", "logoPosition",
    ]
    public static let frameRates = [25, 30]

    /// Reads a style object (`path` prefixes field names: `style`, `templates/brand.json`).
    /// With `strict` (template files, which operators write) unknown keys are errors, since a
    /// misspelt setting would otherwise be silently ignored; a job's `style` may carry keys of
    /// other tools (the old service's), which are kept in `job.json` and not used.
    public static func read(_ object: [String: JSONValue], path: String?, strict: Bool) -> Result<StyleSettings, JobRejection> {
        var reader = FieldReader(object: object, path: path)
        let settings = read(&reader, strict: strict)
        return reader.problems.isEmpty ? .success(settings) : .failure(JobRejection(reader.problems))
    }

    static func read(_ reader: inout FieldReader, strict: Bool) -> StyleSettings {
        var settings = StyleSettings()
        settings.size = reader.choice("size", SizePreset.self)
        settings.fps = reader.integer("fps", oneOf: frameRates, unit: "frames per second")
        settings.backgroundColor = color(&reader, "backgroundColor")
        settings.backgroundImage = imagePath(&reader, "backgroundImage")
        settings.waveformColor = color(&reader, "waveformColor")
        settings.waveformStyle = reader.choice("waveformStyle", WaveformLook.self)
        settings.font = reader.string("font", maxLength: 128)
        if let font = settings.font, font.isEmpty || font.contains(where: { $0.isNewline || $0 == "\0" }) {
            reader.report(.invalidField, "font", "must be a font family name such as \"DejaVu Sans\"")
        }
        settings.fontSize = reader.integer("fontSize", in: 12...200)
        settings.textColor = color(&reader, "textColor")
        settings.accentColor = color(&reader, "accentColor")
        settings.captionPosition = reader.choice("captionPosition", CaptionPosition.self)
        settings.captionBackground = color(&reader, "captionBackground")
        settings.logo = imagePath(&reader, "logo")
        settings.logoPosition = reader.choice("logoPosition", LogoPosition.self)
        for key in reader.remaining.keys.sorted() where strict {
            reader.report(.invalidField, key, "is not a style setting; known: \(keys.joined(separator: ", "))")
        }
        return settings
    }

    private static func color(_ reader: inout FieldReader, _ key: String) -> StyleColor? {
        guard let text = reader.string(key, maxLength: 16) else { return nil }
        guard let color = StyleColor(hex: text) else {
            reader.report(.invalidField, key, "\"\(text)\" is not a colour; write #rgb, #rrggbb or #rrggbbaa")
            return nil
        }
        return color
    }

    /// A PNG or JPEG under `templates/`: relative, no `..`, no hidden parts.
    private static func imagePath(_ reader: inout FieldReader, _ key: String) -> String? {
        guard let path = reader.string(key, maxLength: 1024) else { return nil }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." || $0.hasPrefix(".") }),
            !path.contains("\0")
        else {
            reader.report(.invalidPath, key, "\"\(path)\" must be a relative path inside templates/ (no leading /, no ..)")
            return nil
        }
        let lowered = path.lowercased()
        guard [".png", ".jpg", ".jpeg"].contains(where: { lowered.hasSuffix($0) }) else {
            reader.report(.invalidField, key, "\"\(path)\" must be a .png, .jpg or .jpeg image")
            return nil
        }
        return path
    }

    /// These settings with every setting `other` has laid over them.
    public func overridden(by other: StyleSettings) -> StyleSettings {
        var result = self
        result.size = other.size ?? size
        result.fps = other.fps ?? fps
        result.backgroundColor = other.backgroundColor ?? backgroundColor
        result.backgroundImage = other.backgroundImage ?? backgroundImage
        result.waveformColor = other.waveformColor ?? waveformColor
        result.waveformStyle = other.waveformStyle ?? waveformStyle
        result.font = other.font ?? font
        result.fontSize = other.fontSize ?? fontSize
        result.textColor = other.textColor ?? textColor
        result.accentColor = other.accentColor ?? accentColor
        result.captionPosition = other.captionPosition ?? captionPosition
        result.captionBackground = other.captionBackground ?? captionBackground
        result.logo = other.logo ?? logo
        result.logoPosition = other.logoPosition ?? logoPosition
        return result
    }
}
