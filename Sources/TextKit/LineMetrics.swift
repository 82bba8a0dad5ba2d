/// Vertical metrics of a face at one pixel size, from the font's own tables (unhinted).
public struct LineMetrics: Sendable, Equatable {
    /// Distance from the baseline up to the top of the tallest glyphs, in pixels.
    public var ascent: Double
    /// Distance from the baseline down to the bottom of the deepest glyphs, positive, in pixels.
    public var descent: Double
    /// Baseline-to-baseline distance the font recommends (ascent + descent + line gap).
    public var lineHeight: Double

    public init(ascent: Double, descent: Double, lineHeight: Double) {
        self.ascent = ascent
        self.descent = descent
        self.lineHeight = lineHeight
    }
}
