/// Text made safe for XML 1.0 character data and attribute values, so no transcript can inject
/// markup or make the SVG invalid.
enum XMLText {
    /// Whether XML 1.0 allows `scalar` in a document (the `Char` production): tab, newline,
    /// carriage return, and everything from U+0020 except U+FFFE and U+FFFF. (Swift strings
    /// cannot hold surrogates.)
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// `text` without the characters XML forbids.
    static func sanitized(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy(isAllowed) { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.lazy.filter(isAllowed))
        return String(scalars)
    }

    /// `text` without forbidden characters and with `& < > " '` as entities: safe both as
    /// element content and inside a double- or single-quoted attribute.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars where isAllowed(scalar) {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
