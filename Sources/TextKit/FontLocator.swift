import CTypeset

/// Finds font files by family name through fontconfig, the same way librsvg/pango will when it
/// renders the SVG, so what TextKit measures is what the PNG shows.
public enum FontLocator {
    /// CSS generic families; fontconfig's configuration maps them to an installed family.
    static let genericFamilies: Set<String> = ["sans-serif", "sans", "serif", "monospace", "mono", "system-ui"]

    /// Resolves a family name ("DejaVu Sans", "sans-serif") through fontconfig, the same way
    /// librsvg/pango will when it renders the SVG.
    ///
    /// Throws ``TextKitError/Code/fontNotFound`` when fontconfig's best match is a different family
    /// than asked for (fontconfig never fails a match, it substitutes), so a typo in a job fails with
    /// a message listing a few installed families. Generic names (`sans-serif`, `serif`, `monospace`)
    /// are accepted and return the concrete family. `bold` asks for the bold face; when the family
    /// has none, the regular file comes back (pango then synthesises bold).
    public static func locate(family: String, bold: Bool = false) throws -> FontFile {
        let requested = family.trimmingSpaces
        guard !requested.isEmpty else {
            let installed = FontConfig.withLock { installedList() }
            throw TextKitError(.fontNotFound, "no font family given; installed families include \(installed)")
        }
        return try FontConfig.withLock {
            guard let pattern = FontConfig.pattern(family: requested, bold: bold) else {
                throw TextKitError(.fontNotFound, "fontconfig could not build a pattern", function: "FcPatternCreate")
            }
            defer { FcPatternDestroy(pattern) }
            var result = FcResultNoMatch
            guard let match = FcFontMatch(nil, pattern, &result) else {
                throw TextKitError(
                    .fontNotFound, "no font matches \"\(requested)\"; installed families include \(installedList())",
                    function: "FcFontMatch")
            }
            defer { FcPatternDestroy(match) }
            let families = FontConfig.strings(match, "family")
            let chosen: String?
            if genericFamilies.contains(requested.lowercased()) {
                chosen = families.first
            } else {
                chosen = families.first { normalised($0) == normalised(requested) }
            }
            guard let chosen, let file = FontConfig.fontFile(match, family: chosen, bold: bold) else {
                let offered = families.first.map { " (fontconfig offered \"\($0)\")" } ?? ""
                throw TextKitError(
                    .fontNotFound,
                    "font family \"\(requested)\" is not installed\(offered); installed families include \(installedList())")
            }
            return file
        }
    }

    /// fontconfig compares family names ignoring case and spaces.
    private static func normalised(_ name: String) -> String {
        String(name.lowercased().filter { $0 != " " })
    }

    /// Called with the fontconfig lock held.
    private static func installedList() -> String {
        FontConfig.installedFamilies(limit: 8).map { "\"\($0)\"" }.joined(separator: ", ")
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
