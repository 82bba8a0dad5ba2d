/// Renders wrapped lines into a ``GlyphMask`` with FreeType's antialiased glyph bitmaps at the
/// positions HarfBuzz shaped, to burn captions into video frames. Glyph bitmaps are cached per
/// face and size, so a few hundred captions at one size render each glyph once.
public struct TextRasterizer {
    public let face: FontFace

    /// Masks larger than this many bytes are refused (a mistaken size, not a caption).
    static let maxMaskBytes = 64 << 20

    public init(face: FontFace) {
        self.face = face
    }

    /// Renders `lines` (already wrapped) centred horizontally, one under another, each line
    /// `metrics.lineHeight × lineSpacing` tall with its glyphs centred vertically in it. The mask
    /// is `maxWidth` wide and `lines.count × line height` tall (rounded up); a line wider than
    /// `maxWidth` is clipped at both sides, never wrapped here.
    public func render(lines: [String], pixelSize: Double, maxWidth: Int, lineSpacing: Double = 1.2) throws -> GlyphMask {
        guard pixelSize > 0, pixelSize <= 2048, maxWidth > 0, lineSpacing > 0 else {
            throw TextKitError(
                .invalidSettings,
                "cannot render at \(pixelSize) px, \(maxWidth) px wide, line spacing \(lineSpacing): all must be positive")
        }
        let metrics = face.metrics(pixelSize: pixelSize)
        let lineHeight = metrics.lineHeight * lineSpacing
        let height = Int((lineHeight * Double(lines.count)).rounded(.up))
        guard height <= Self.maxMaskBytes / maxWidth else {
            throw TextKitError(.invalidSettings, "a \(maxWidth) × \(height) mask is too large for \(lines.count) lines")
        }
        var mask = GlyphMask(width: maxWidth, height: height)
        let inset = (lineHeight - metrics.ascent - metrics.descent) / 2
        for (index, text) in lines.enumerated() where !text.isEmpty {
            let line = face.shape(text, pixelSize: pixelSize)
            let start = (Double(maxWidth) - line.width) / 2
            let baseline = Int((Double(index) * lineHeight + inset + metrics.ascent).rounded())
            for glyph in line.glyphs {
                guard let owner = glyph.face else { continue }
                let bitmap = owner.bitmap(glyph: glyph.glyph, pixelSize: pixelSize)
                let x = Int((start + glyph.x).rounded()) + bitmap.left
                let y = baseline + Int(glyph.y.rounded()) - bitmap.top
                draw(bitmap, atX: x, y: y, into: &mask)
            }
        }
        return mask
    }

    /// Adds `bitmap`'s coverage at (`x`, `y`) (top-left), saturating, clipped to the mask.
    private func draw(_ bitmap: GlyphBitmap, atX x: Int, y: Int, into mask: inout GlyphMask) {
        let columns = max(0, -x)..<min(bitmap.width, mask.width - x)
        let rows = max(0, -y)..<min(bitmap.rows, mask.height - y)
        guard !columns.isEmpty, !rows.isEmpty else { return }
        let width = mask.width
        bitmap.pixels.withUnsafeBufferPointer { source in
            mask.coverage.withUnsafeMutableBufferPointer { target in
                for row in rows {
                    let from = row * bitmap.width
                    let to = (y + row) * width + x
                    for column in columns {
                        let value = source[from + column]
                        if value != 0 {
                            let sum = Int(target[to + column]) + Int(value)
                            target[to + column] = UInt8(min(sum, 255))
                        }
                    }
                }
            }
        }
    }
}
