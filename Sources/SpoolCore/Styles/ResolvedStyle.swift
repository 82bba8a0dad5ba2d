/// Every setting of a look decided: the built-in defaults with the template and the job's
/// `style` laid over them. The defaults are a dark slate background, a teal waveform and white
/// DejaVu Sans captions on a translucent box: readable on any platform with no template.
public struct ResolvedStyle: Sendable, Equatable {
    public var size: SizePreset
    public var fps: Int
    public var backgroundColor: StyleColor
    /// Relative to `templates/`.
    public var backgroundImage: String?
    public var waveformColor: StyleColor
    public var waveformStyle: WaveformLook
    public var font: String
    /// Pixels.
    public var fontSize: Int
    public var textColor: StyleColor
    public var accentColor: StyleColor
    public var captionPosition: CaptionPosition
    public var captionBackground: StyleColor
    /// Relative to `templates/`.
    public var logo: String?
    public var logoPosition: LogoPosition

    public var width: Int { size.width }
    public var height: Int { size.height }

    /// `settings` over the defaults for `kind` (audiograms landscape, carousels square).
    public init(_ settings: StyleSettings, kind: JobKind) {
        size = settings.size ?? (kind == .carousel ? .square : .landscape)
        fps = settings.fps ?? 30
        backgroundColor = settings.backgroundColor ?? StyleColor(red: 0x14, green: 0x1b, blue: 0x2d)
        backgroundImage = settings.backgroundImage
        waveformColor = settings.waveformColor ?? StyleColor(red: 0x4f, green: 0xd1, blue: 0xc5)
        waveformStyle = settings.waveformStyle ?? .bars
        font = settings.font ?? "DejaVu Sans"
        fontSize = settings.fontSize ?? Self.defaultFontSize(size, kind: kind)
        textColor = settings.textColor ?? StyleColor(red: 255, green: 255, blue: 255)
        accentColor = settings.accentColor ?? StyleColor(red: 0x4f, green: 0xd1, blue: 0xc5)
        captionPosition = settings.captionPosition ?? .bottom
        captionBackground = settings.captionBackground ?? StyleColor(red: 0, green: 0, blue: 0, alpha: 150)
        logo = settings.logo
        logoPosition = settings.logoPosition ?? .topRight
    }

    static func defaultFontSize(_ size: SizePreset, kind: JobKind) -> Int {
        switch (kind, size) {
        case (.carousel, .landscape): 52
        case (.carousel, _): 64
        case (_, .landscape): 44
        case (_, .square): 52
        case (_, .portrait): 60
        }
    }
}
