/// Escaping for the two places data lands in the page: HTML text/attributes and query strings of links.
/// Job ids, user ids and error messages come from dropped files, so none of them is trusted.
enum DashboardEscaping {
    /// Escapes `&`, `<`, `>`, `"` and `'`, which is enough for text and for double- or single-quoted attributes.
    static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Percent-encodes everything but the unreserved characters, like JavaScript's `encodeURIComponent` minus `!'()*`.
    static func query(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 15, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// A query string (`?a=b&c=d`) of the non-empty values, in the order given; "" when all are empty.
    static func queryString(_ items: [(String, String?)]) -> String {
        let parts = items.compactMap { name, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return name + "=" + query(value)
        }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    /// Only same-origin paths become links; anything else (`javascript:`, `//host`) is shown as text.
    static func isLocalPath(_ url: String) -> Bool {
        url.hasPrefix("/") && !url.hasPrefix("//") && !url.hasPrefix("/\\") && !url.contains(where: { $0.isWhitespace })
    }
}
