import CTypeset

/// A stretch of text drawn by one face.
struct FontRun {
    enum Owner {
        case primary
        case fallback(FontFace)
        /// No installed font has these characters.
        case none
    }
    var owner: Owner
    var text: String
}

extension FontFace {
    /// Splits `text` into runs by the face that has each character: this one, the fallback
    /// fontconfig sorts first among those having it (as pango does), or none.
    func runs(of text: String) -> [FontRun] {
        var runs: [FontRun] = []
        var current = String.UnicodeScalarView()
        var currentKey = -2  // -2 primary, -1 none, else fallback index
        var currentOwner = FontRun.Owner.primary
        state.withLock { state in
            for scalar in text.unicodeScalars {
                let key = isFallback || covers(scalar) ? -2 : fallbackIndex(for: scalar.value, state: &state)
                if key != currentKey, !current.isEmpty {
                    runs.append(FontRun(owner: currentOwner, text: String(current)))
                    current.removeAll()
                }
                currentKey = key
                currentOwner = key == -2 ? .primary : key == -1 ? .none : .fallback(state.fallbackFaces[key])
                current.append(scalar)
            }
        }
        if !current.isEmpty { runs.append(FontRun(owner: currentOwner, text: String(current))) }
        return runs
    }

    /// Whether this face has a glyph for `scalar`, or needs none: spaces and invisible format
    /// characters (joiners, variation selectors) are left to HarfBuzz, which gives them no ink.
    /// Called with the lock held.
    private func covers(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isDefaultIgnorableCodePoint || scalar.properties.isWhitespace { return true }
        var glyph: hb_codepoint_t = 0
        return hb_font_get_nominal_glyph(font, scalar.value, &glyph) != 0 && glyph != 0
    }

    /// Index of the fallback face for `value` in `state.fallbackFaces`, or -1; looked up once per
    /// character. Called with the lock held.
    private func fallbackIndex(for value: UInt32, state: inout State) -> Int {
        if let known = state.fallbackIndex[value] { return known }
        var index = -1
        if let found = Self.fallbackFile(for: value, family: file.family, bold: file.bold) {
            if let existing = state.fallbackFaces.firstIndex(where: { $0.file.path == found.path && $0.file.faceIndex == found.faceIndex })
            {
                index = existing
            } else if let face = try? FontFace(file: found, isFallback: true) {
                state.fallbackFaces.append(face)
                index = state.fallbackFaces.count - 1
            }
        }
        state.fallbackIndex[value] = index
        return index
    }

    /// The first font in fontconfig's sorted list for `family` that has `value`.
    private static func fallbackFile(for value: UInt32, family: String, bold: Bool) -> FontFile? {
        FontConfig.withLock {
            guard let pattern = FontConfig.pattern(family: family, bold: bold) else { return nil }
            defer { FcPatternDestroy(pattern) }
            var result = FcResultNoMatch
            guard let set = FcFontSort(nil, pattern, 1, nil, &result) else { return nil }
            defer { FcFontSetDestroy(set) }
            for index in 0..<Int(set.pointee.nfont) {
                guard let font = set.pointee.fonts[index] else { continue }
                var charset: OpaquePointer?
                guard FcPatternGetCharSet(font, "charset", 0, &charset) == FcResultMatch, let charset,
                    FcCharSetHasChar(charset, value) != 0
                else { continue }
                let name = FontConfig.string(font, "family") ?? family
                return FontConfig.fontFile(font, family: name, bold: bold)
            }
            return nil
        }
    }
}
