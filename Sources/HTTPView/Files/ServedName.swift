/// Turns a raw path segment of `/files/{id}/{name}` into a single file name, or refuses it.
///
/// Hummingbird's router matches the request target as sent: it splits the path on `/` before
/// any decoding and hands the segment over still percent-encoded, so `%2f` arrives as the three
/// characters `%2f`, and `..` is never resolved against the path. This type does the decoding
/// and then refuses anything that is not one plain name inside one folder.
enum ServedName {
    /// The decoded segment, or nil when it is invalid percent-encoding, not UTF-8, or a name
    /// that could reach beyond one entry of a job folder or name a hidden or partial file:
    /// empty, `.` or `..`, a leading dot, `/`, `\`, NUL or another control character, or a
    /// `.part` suffix.
    static func decode(_ raw: Substring) -> String? {
        guard let bytes = percentDecoded(raw), !bytes.isEmpty, bytes.count <= 255 else { return nil }
        guard bytes[0] != UInt8(ascii: ".") else { return nil }
        for byte in bytes where byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "\\") {
            return nil
        }
        guard let name = String(validating: bytes, as: UTF8.self), !name.hasSuffix(".part") else { return nil }
        return name
    }

    /// RFC 3986 percent-decoding of a path segment (`+` stays `+`); nil on a `%` not followed
    /// by two hex digits.
    static func percentDecoded(_ raw: Substring) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(raw.utf8.count)
        var iterator = raw.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                output.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            output.append(high << 4 | low)
        }
        return output
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
