import CTypeset

/// A glyph at one size, as a cache key.
struct GlyphKey: Hashable {
    var glyph: UInt32
    /// The size in 26.6 units (1/64 px).
    var size: Int
}

/// FreeType's antialiased rendering of one glyph: `width × rows` coverage bytes, row-major,
/// placed `left` pixels right of the pen and `top` pixels above the baseline.
struct GlyphBitmap {
    var width: Int
    var rows: Int
    var left: Int
    var top: Int
    var pixels: [UInt8]

    static let empty = GlyphBitmap(width: 0, rows: 0, left: 0, top: 0, pixels: [])
}

extension FontFace {
    /// Glyphs kept per face before the cache starts over (a few sizes of a few alphabets).
    static let glyphCacheLimit = 8192

    /// The bitmap of `glyph` at `pixelSize`, rendered once and cached. Light hinting (vertical
    /// only) keeps strokes crisp without moving the advances HarfBuzz placed the glyphs with.
    /// Glyphs FreeType cannot render in grey (colour bitmaps) come back empty.
    func bitmap(glyph: UInt32, pixelSize: Double) -> GlyphBitmap {
        let key = GlyphKey(glyph: glyph, size: Int((pixelSize * 64).rounded()))
        return state.withLock { state in
            if let cached = state.glyphs[key] { return cached }
            let rendered = render(key, state: &state)
            if state.glyphs.count >= Self.glyphCacheLimit { state.glyphs.removeAll(keepingCapacity: true) }
            state.glyphs[key] = rendered
            return rendered
        }
    }

    /// Called with the lock held.
    private func render(_ key: GlyphKey, state: inout State) -> GlyphBitmap {
        if state.charSize != key.size {
            guard FT_Set_Char_Size(face, 0, FT_F26Dot6(key.size), 72, 72) == 0 else { return .empty }
            state.charSize = key.size
        }
        guard FT_Load_Glyph(face, key.glyph, ctk_load_flags_light()) == 0, let slot = face.pointee.glyph,
            FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL) == 0
        else { return .empty }
        let bitmap = slot.pointee.bitmap
        let width = Int(bitmap.width)
        let rows = Int(bitmap.rows)
        guard width > 0, rows > 0, let buffer = bitmap.buffer else { return .empty }
        let pitch = Int(bitmap.pitch)
        var pixels = [UInt8](repeating: 0, count: width * rows)
        switch bitmap.pixel_mode {
        case UInt8(FT_PIXEL_MODE_GRAY.rawValue):
            let levels = max(Int(bitmap.num_grays) - 1, 1)
            for row in 0..<rows {
                let source = buffer + row * pitch
                for column in 0..<width {
                    let value = Int(source[column])
                    pixels[row * width + column] = levels == 255 ? UInt8(value) : UInt8(min(255, value * 255 / levels))
                }
            }
        case UInt8(FT_PIXEL_MODE_MONO.rawValue):
            for row in 0..<rows {
                let source = buffer + row * pitch
                for column in 0..<width where source[column >> 3] & (0x80 >> UInt8(column & 7)) != 0 {
                    pixels[row * width + column] = 255
                }
            }
        default:
            return .empty
        }
        return GlyphBitmap(
            width: width, rows: rows, left: Int(slot.pointee.bitmap_left), top: Int(slot.pointee.bitmap_top), pixels: pixels)
    }
}
