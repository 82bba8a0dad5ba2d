/// A request's query string, decoded as browsers encode forms: `+` is a space, `%XX` a byte.
/// (Hummingbird's `queryParameters` leaves `+` alone, so a user id with a space would not match.)
/// Each key keeps its first value. Filters read leniently (``subscript(_:)``: an empty value is
/// no filter, as the dashboard's form sends for "all") or as given (``given(_:)``), for the
/// API's typed parameters, which refuse what their schema does not allow.
struct QueryParameters: Sendable {
    private struct Value: Sendable {
        var text: String
        /// False when the value is not percent-encoded UTF-8: `text` is then the value as sent.
        var decoded: Bool
    }

    private var values: [String: Value] = [:]

    init(_ query: String?) {
        guard let query else { return }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = Self.decode(parts[0]), values[key] == nil else { continue }
            let raw = parts.count > 1 ? parts[1] : ""
            values[key] = Self.decode(raw).map { Value(text: $0, decoded: true) } ?? Value(text: String(raw), decoded: false)
        }
    }

    /// The first value of `key`; an empty value, or one that is not UTF-8, counts as absent.
    subscript(_ key: String) -> String? {
        guard let value = values[key], value.decoded, !value.text.isEmpty else { return nil }
        return value.text
    }

    /// The first value of `key` as given, empty included (undecodable bytes as sent); nil only
    /// when the key is absent.
    func given(_ key: String) -> String? {
        values[key]?.text
    }

    static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hex), let low = iterator.next().flatMap(hex) else { return nil }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        case 97...102: byte - 87
        default: nil
        }
    }
}
