/// Reads a datagram of the journal's native protocol back into its fields, in order:
/// `NAME=value\n`, or `NAME\n` + 64-bit little-endian length + value + `\n`.
enum JournalFields {
    static func parse(_ bytes: [UInt8]) -> [(name: String, value: String)]? {
        var fields: [(name: String, value: String)] = []
        var index = 0
        while index < bytes.count {
            guard let end = bytes[index...].firstIndex(where: { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: "\n") }) else { return nil }
            let name = String(decoding: bytes[index..<end], as: UTF8.self)
            if bytes[end] == UInt8(ascii: "=") {
                guard let newline = bytes[end...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
                fields.append((name, String(decoding: bytes[(end + 1)..<newline], as: UTF8.self)))
                index = newline + 1
            } else {
                guard end + 9 <= bytes.count else { return nil }
                let length = bytes[(end + 1)..<(end + 9)].reversed().reduce(0) { $0 << 8 | Int($1) }
                let start = end + 9
                guard start + length < bytes.count, bytes[start + length] == UInt8(ascii: "\n") else { return nil }
                fields.append((name, String(decoding: bytes[start..<(start + length)], as: UTF8.self)))
                index = start + length + 1
            }
        }
        return fields
    }

    /// The fields of one entry as a dictionary (the last value of a repeated name wins).
    static func dictionary(_ bytes: [UInt8]) -> [String: String]? {
        parse(bytes).map { Dictionary($0.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last }) }
    }
}
