/// How carousel slides look: size, colours, font, images, padding. Sizes are in pixels.
public struct SlideStyle: Sendable {
    /// Slide size, e.g. 1080×1080 (square), 1280×720 (landscape), 1080×1920 (story).
    public var width: Int
    public var height: Int
    public var backgroundColor: SlideColor
    /// A PNG or JPEG drawn over the background colour, cover-scaled (cropped to fill), embedded as
    /// a `data:` URI so the SVG stands alone.
    public var backgroundImagePath: String?
    public var textColor: SlideColor
    /// Colour of the slide number.
    public var accentColor: SlideColor
    public var font: FontFile
    /// The preferred text size; slides shrink below it only for a word too wide for the box.
    public var fontSize: Double
    /// The smallest size a slide shrinks to; a word too wide even then is split.
    public var minFontSize: Double
    /// A PNG, JPEG or SVG drawn small in the bottom-right corner, embedded as a `data:` URI.
    public var logoPath: String?
    /// Empty margin on every side; no text, number or logo is drawn in it.
    public var padding: Double
    /// Draws "3/12" in the bottom-left corner.
    public var showSlideNumbers: Bool
    /// Baseline-to-baseline distance as a multiple of the font size.
    public var lineSpacing: Double

    public init(
        width: Int = 1080, height: Int = 1080, backgroundColor: SlideColor = .white, backgroundImagePath: String? = nil,
        textColor: SlideColor = SlideColor(red: 0x1a, green: 0x1a, blue: 0x1a),
        accentColor: SlideColor = SlideColor(red: 0xd9, green: 0x48, blue: 0x1c), font: FontFile, fontSize: Double = 64,
        minFontSize: Double = 28, logoPath: String? = nil, padding: Double = 80, showSlideNumbers: Bool = true,
        lineSpacing: Double = 1.3
    ) {
        self.width = width
        self.height = height
        self.backgroundColor = backgroundColor
        self.backgroundImagePath = backgroundImagePath
        self.textColor = textColor
        self.accentColor = accentColor
        self.font = font
        self.fontSize = fontSize
        self.minFontSize = minFontSize
        self.logoPath = logoPath
        self.padding = padding
        self.showSlideNumbers = showSlideNumbers
        self.lineSpacing = lineSpacing
    }

    /// Throws ``TextKitError/Code/invalidSettings`` when the style leaves no room for one line of
    /// text at the preferred size, or a number is out of range.
    public func validate() throws {
        func fail(_ reason: String) -> TextKitError { TextKitError(.invalidSettings, "slide style: \(reason)") }
        guard (16...8192).contains(width), (16...8192).contains(height) else {
            throw fail("size \(width)×\(height) must be 16…8192 px on each side")
        }
        guard fontSize > 0, minFontSize > 0, minFontSize <= fontSize else {
            throw fail("font sizes must be positive with minFontSize (\(minFontSize)) ≤ fontSize (\(fontSize))")
        }
        guard padding >= 0, lineSpacing >= 1, lineSpacing <= 4 else {
            throw fail("padding must be ≥ 0 and lineSpacing 1…4 (got \(padding), \(lineSpacing))")
        }
        let layout = SlideLayout(style: self)
        guard layout.textBox.width >= fontSize, layout.textBox.height >= fontSize * 1.5 else {
            throw fail(
                "padding \(padding) leaves a \(layout.textBox.width)×\(layout.textBox.height) text box, too small for \(fontSize) px text")
        }
    }
}
