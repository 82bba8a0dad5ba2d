import CTypeset
import Synchronization

/// Owner of one font face: its `FT_Library`, `FT_Face` and the HarfBuzz font shaping with it,
/// all freed in `deinit`. Measures text as pango will lay it out in librsvg (HarfBuzz shaping,
/// unhinted advances) and renders glyph bitmaps for ``TextRasterizer``.
///
/// FreeType faces and HarfBuzz fonts are not safe to use from two threads at once, so every
/// call into them holds this face's lock; share one face freely.
public final class FontFace: @unchecked Sendable {
    public let file: FontFile
    let library: FT_Library
    let face: FT_Face
    /// `hb_font_t`, scaled per call to the requested pixel size in 26.6 units.
    let font: OpaquePointer
    let unitsPerEm: Double
    /// A fallback face never looks for fallbacks of its own.
    let isFallback: Bool
    let state = Mutex(State())

    /// Caches, and the lock that serialises FreeType and HarfBuzz calls.
    struct State {
        /// Scalar value → index into `faces`, or -1 when no installed font has the character.
        var fallbackIndex: [UInt32: Int] = [:]
        var fallbackFaces: [FontFace] = []
        var glyphs: [GlyphKey: GlyphBitmap] = [:]
        /// The 26.6 size FT_Set_Char_Size last set, so it is set only when it changes.
        var charSize: Int = 0
    }

    public convenience init(file: FontFile) throws {
        try self.init(file: file, isFallback: false)
    }

    init(file: FontFile, isFallback: Bool) throws {
        var library: FT_Library?
        var error = FT_Init_FreeType(&library)
        guard error == 0, let library else {
            throw TextKitError(.fontUnreadable, "FreeType could not start (error \(error))", function: "FT_Init_FreeType")
        }
        var face: FT_Face?
        error = FT_New_Face(library, file.path, FT_Long(file.faceIndex), &face)
        guard error == 0, let face else {
            FT_Done_FreeType(library)
            throw TextKitError(
                .fontUnreadable, "cannot read face \(file.faceIndex) of \(file.path) as a font (FreeType error \(error))",
                function: "FT_New_Face")
        }
        guard face.pointee.units_per_EM > 0, let hbFace = hb_ft_face_create_referenced(face) else {
            FT_Done_Face(face)
            FT_Done_FreeType(library)
            throw TextKitError(.fontUnreadable, "\(file.path) has no scalable outlines", function: "hb_ft_face_create_referenced")
        }
        let font = hb_font_create(hbFace)
        hb_face_destroy(hbFace)  // the font holds its own reference
        guard let font else {
            FT_Done_Face(face)
            FT_Done_FreeType(library)
            throw TextKitError(.fontUnreadable, "HarfBuzz could not load \(file.path)", function: "hb_font_create")
        }
        hb_ot_font_set_funcs(font)  // unhinted advances from the font's tables, as pango uses
        self.file = file
        self.library = library
        self.face = face
        self.font = font
        self.unitsPerEm = Double(face.pointee.units_per_EM)
        self.isFallback = isFallback
    }

    deinit {
        hb_font_destroy(font)
        FT_Done_Face(face)
        FT_Done_FreeType(library)
    }

    /// Width in pixels of `text` shaped by HarfBuzz at `pixelSize` (kerning, ligatures).
    ///
    /// Characters this face has no glyph for (emoji, other scripts) are measured with the face
    /// fontconfig falls back to for that character (cached), or as 1 em when no installed font has
    /// it (pango then draws a hex box about that wide), never 0, so wrapping stays safe when pango
    /// falls back at render time.
    public func width(of text: String, pixelSize: Double) -> Double {
        guard pixelSize > 0, !text.isEmpty else { return 0 }
        return shape(text, pixelSize: pixelSize).width
    }

    /// Ascent, descent and recommended line height at `pixelSize`, from the font's own tables.
    public func metrics(pixelSize: Double) -> LineMetrics {
        let scale = pixelSize / unitsPerEm
        let ascent = Double(face.pointee.ascender) * scale
        let descent = -Double(face.pointee.descender) * scale
        let height = Double(face.pointee.height) * scale
        return LineMetrics(ascent: ascent, descent: descent, lineHeight: max(height, ascent + descent))
    }
}
