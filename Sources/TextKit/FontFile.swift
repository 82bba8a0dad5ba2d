/// A font file as fontconfig names it: the file, the face inside it (TrueType collections hold
/// several) and the family name librsvg/pango will look it up by when it renders an SVG.
public struct FontFile: Sendable, Equatable, Hashable {
    public var path: String
    public var faceIndex: Int
    /// The concrete family ("DejaVu Sans"), never a generic name like `sans-serif`.
    public var family: String
    /// Whether this is the bold face; SVG output then asks for `font-weight="bold"`.
    public var bold: Bool

    public init(path: String, faceIndex: Int = 0, family: String, bold: Bool = false) {
        self.path = path
        self.faceIndex = faceIndex
        self.family = family
        self.bold = bold
    }
}
