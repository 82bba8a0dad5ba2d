/// A rectangle on a slide, in pixels from the top-left corner.
public struct SlideRect: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
}

/// Where things go on a slide of a ``SlideStyle``: the text box inside the padding, and below it a
/// footer band with the slide number (bottom left) and the logo (bottom right), both inside the
/// padding too, so the margins stay background.
public struct SlideLayout: Sendable, Equatable {
    public var textBox: SlideRect
    /// Where the logo is drawn (aspect kept, centred in it), if the style has one.
    public var logo: SlideRect?
    /// Font size and baseline of the slide number; its left edge is at `textBox.x`.
    public var numberSize: Double
    public var numberBaseline: Double

    public init(style: SlideStyle) {
        let shortSide = Double(min(style.width, style.height))
        let width = Double(style.width)
        let height = Double(style.height)
        numberSize = max(12, (shortSide * 0.035).rounded())
        let logoSize = (shortSide * 0.08).rounded()
        var footer = 0.0
        if style.logoPath != nil { footer = logoSize }
        if style.showSlideNumbers { footer = max(footer, numberSize * 1.2) }
        if footer > 0 { footer += max(style.padding / 2, numberSize / 2) }
        let inner = SlideRect(
            x: style.padding, y: style.padding, width: max(0, width - 2 * style.padding),
            height: max(0, height - 2 * style.padding))
        textBox = SlideRect(x: inner.x, y: inner.y, width: inner.width, height: max(0, inner.height - footer))
        logo =
            style.logoPath == nil ? nil : SlideRect(x: inner.maxX - logoSize, y: inner.maxY - logoSize, width: logoSize, height: logoSize)
        numberBaseline = inner.maxY - numberSize * 0.25
    }

    /// How many lines fit the text box at `pixelSize`: the block is (n − 1) line steps plus one
    /// line's ascent + descent, so the first and last lines' glyphs stay inside the box too.
    public func capacity(pixelSize: Double, lineSpacing: Double, metrics: LineMetrics) -> Int {
        let step = pixelSize * lineSpacing
        let glyphHeight = metrics.ascent + metrics.descent
        guard step > 0, textBox.height >= glyphHeight else { return 0 }
        return Int(((textBox.height - glyphHeight) / step).rounded(.down)) + 1
    }
}
