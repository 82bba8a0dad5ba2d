import CTypeset

/// One glyph placed on a line: which face draws it (nil: no installed font has the character,
/// nothing is drawn), its glyph id in that face, and where its origin sits relative to the line's
/// start and baseline, in pixels (y grows downwards).
struct PlacedGlyph {
    var face: FontFace?
    var glyph: UInt32
    var x: Double
    var y: Double
}

/// A line of text shaped at one size: its glyphs and its total advance.
struct ShapedLine {
    var glyphs: [PlacedGlyph] = []
    var width: Double = 0
}

extension FontFace {
    /// Shapes `text` at `pixelSize`: runs of characters this face has are shaped with it, runs it
    /// lacks with the fallback face fontconfig picks for them, and characters no font has advance
    /// by 1 em. Kerning does not cross a fallback boundary (as in pango, which shapes per font run).
    func shape(_ text: String, pixelSize: Double) -> ShapedLine {
        var line = ShapedLine()
        for run in runs(of: text) {
            switch run.owner {
            case .primary: append(shapeRun(run.text, pixelSize: pixelSize), to: &line)
            case .fallback(let face): append(face.shapeRun(run.text, pixelSize: pixelSize), to: &line)
            case .none:
                for _ in run.text.unicodeScalars {
                    line.glyphs.append(PlacedGlyph(face: nil, glyph: 0, x: line.width, y: 0))
                    line.width += pixelSize
                }
            }
        }
        return line
    }

    private func append(_ run: ShapedLine, to line: inout ShapedLine) {
        let start = line.width
        line.glyphs += run.glyphs.map { PlacedGlyph(face: $0.face, glyph: $0.glyph, x: $0.x + start, y: $0.y) }
        line.width += run.width
    }

    /// Shapes `text` with this face alone (HarfBuzz, default features: kerning, ligatures).
    func shapeRun(_ text: String, pixelSize: Double) -> ShapedLine {
        let scale = Int32((pixelSize * 64).rounded())
        return state.withLock { _ in
            hb_font_set_scale(font, scale, scale)
            guard let buffer = hb_buffer_create() else { return ShapedLine() }
            defer { hb_buffer_destroy(buffer) }
            var utf8 = Array(text.utf8)
            hb_buffer_add_utf8(buffer, &utf8, Int32(utf8.count), 0, Int32(utf8.count))
            hb_buffer_guess_segment_properties(buffer)
            hb_shape(font, buffer, nil, 0)
            var count: UInt32 = 0
            guard let infos = hb_buffer_get_glyph_infos(buffer, &count),
                let positions = hb_buffer_get_glyph_positions(buffer, &count)
            else { return ShapedLine() }
            var line = ShapedLine()
            line.glyphs.reserveCapacity(Int(count))
            var pen: Int32 = 0
            for index in 0..<Int(count) {
                let position = positions[index]
                line.glyphs.append(
                    PlacedGlyph(
                        face: self, glyph: infos[index].codepoint, x: Double(pen + position.x_offset) / 64,
                        y: -Double(position.y_offset) / 64))
                pen += position.x_advance
            }
            line.width = Double(pen) / 64
            return line
        }
    }
}
