import CTypeset
import Synchronization

/// The process's fontconfig, the same configuration pango reads when librsvg renders an SVG.
/// Every call goes through ``withLock(_:)``: fontconfig's lazy (re)initialisation is not safe to
/// race, and the calls are rare (one per family lookup, one per fallback character).
enum FontConfig {
    private static let lock = Mutex(false)

    /// Runs `body` holding the lock, after `FcInit` the first time.
    static func withLock<T>(_ body: () throws -> T) rethrows -> T {
        try lock.withLock { initialised in
            if !initialised {
                initialised = FcInit() != 0
            }
            return try body()
        }
    }

    /// The `index`-th string value of `object` (`"family"`, `"file"`, …) in `pattern`.
    static func string(_ pattern: OpaquePointer, _ object: String, index: Int32 = 0) -> String? {
        var value: UnsafeMutablePointer<FcChar8>?
        guard FcPatternGetString(pattern, object, index, &value) == FcResultMatch, let value else { return nil }
        return String(cString: value)
    }

    /// Every string value of `object` in `pattern` (a font has several family names, one per language).
    static func strings(_ pattern: OpaquePointer, _ object: String) -> [String] {
        var values: [String] = []
        while let value = string(pattern, object, index: Int32(values.count)) { values.append(value) }
        return values
    }

    static func integer(_ pattern: OpaquePointer, _ object: String) -> Int? {
        var value: Int32 = 0
        guard FcPatternGetInteger(pattern, object, 0, &value) == FcResultMatch else { return nil }
        return Int(value)
    }

    /// A pattern asking for `family` at `bold` weight, substituted as pango's would be
    /// (config rules, then defaults). The caller destroys it.
    static func pattern(family: String, bold: Bool) -> OpaquePointer? {
        guard let pattern = FcPatternCreate() else { return nil }
        _ = FcPatternAddString(pattern, "family", Array(family.utf8) + [0])
        _ = FcPatternAddInteger(pattern, "weight", bold ? 200 : 80)  // FC_WEIGHT_BOLD, FC_WEIGHT_REGULAR
        _ = FcPatternAddInteger(pattern, "slant", 0)  // FC_SLANT_ROMAN
        _ = FcConfigSubstitute(nil, pattern, FcMatchPattern)
        FcDefaultSubstitute(pattern)
        return pattern
    }

    /// The font file fontconfig's match `font` names, with `family` as its family name.
    static func fontFile(_ font: OpaquePointer, family: String, bold: Bool) -> FontFile? {
        guard let path = string(font, "file") else { return nil }
        return FontFile(path: path, faceIndex: integer(font, "index") ?? 0, family: family, bold: bold)
    }

    /// Up to `limit` installed family names (each font's first), sorted, for error messages.
    static func installedFamilies(limit: Int) -> [String] {
        guard let pattern = FcPatternCreate() else { return [] }
        defer { FcPatternDestroy(pattern) }
        guard let objects = FcObjectSetCreate() else { return [] }
        defer { FcObjectSetDestroy(objects) }
        _ = FcObjectSetAdd(objects, "family")
        guard let set = FcFontList(nil, pattern, objects) else { return [] }
        defer { FcFontSetDestroy(set) }
        var names = Set<String>()
        for index in 0..<Int(set.pointee.nfont) {
            if let font = set.pointee.fonts[index], let name = string(font, "family") { names.insert(name) }
        }
        return Array(names.sorted().prefix(limit))
    }
}
