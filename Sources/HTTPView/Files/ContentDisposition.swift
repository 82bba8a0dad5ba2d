/// `Content-Disposition: inline` with the output's name, so a browser that saves the file keeps
/// its name (RFC 6266): an ASCII `filename` for old clients, and `filename*` (RFC 8187) with the
/// UTF-8 name when the plain form had to change it.
enum ContentDisposition {
    static func inline(filename: String) -> String {
        var ascii = ""
        var isExact = true
        for scalar in filename.unicodeScalars {
            if scalar.isASCII, scalar.value >= 0x20, scalar != "\"", scalar != "\\", scalar.value != 0x7F {
                ascii.unicodeScalars.append(scalar)
            } else {
                ascii.append("_")
                isExact = false
            }
        }
        var value = "inline; filename=\"\(ascii)\""
        if !isExact {
            value += "; filename*=UTF-8''" + percentEncoded(filename)
        }
        return value
    }

    /// attr-char of RFC 8187 kept, every other byte as %XX.
    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            if isAttributeCharacter(byte) {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isAttributeCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
            return true
        default:
            return "!#$&+-.^_`|~".utf8.contains(byte)
        }
    }
}
