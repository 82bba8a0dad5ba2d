/// One slide of a carousel: its place in the carousel, its wrapped lines and the size they
/// were wrapped at.
public struct CarouselSlide: Sendable, Equatable {
    /// 1-based position.
    public var index: Int
    /// How many slides the carousel has.
    public var count: Int
    public var lines: [String]
    public var fontSize: Double
    /// The slide's words joined by single spaces (the lines joined), for titles and alt text.
    public var text: String
    /// The font's ascent and descent at `fontSize`, to centre the lines vertically.
    public var ascent: Double
    public var descent: Double

    public init(
        index: Int, count: Int, lines: [String], fontSize: Double, text: String? = nil, ascent: Double? = nil,
        descent: Double? = nil
    ) {
        self.index = index
        self.count = count
        self.lines = lines
        self.fontSize = fontSize
        self.text = text ?? lines.joined(separator: " ")
        self.ascent = ascent ?? fontSize * 0.8
        self.descent = descent ?? fontSize * 0.2
    }
}
