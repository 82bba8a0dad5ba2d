import Logging

/// One entry in the journal's [native protocol](https://systemd.io/JOURNAL_NATIVE_PROTOCOL/):
/// fields in order, each `NAME=value\n`, or, when the value holds a newline, `NAME\n`, the
/// value's length as a 64-bit little-endian integer, the value and `\n`.
public struct JournalEntry: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public private(set) var fields: [Field] = []

    public init() {}

    /// Appends a field; `name` must already be a valid field name (see ``fieldName(for:)``).
    public mutating func append(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// The datagram to send.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        for field in fields {
            bytes += field.name.utf8
            let value = Array(field.value.utf8)
            if value.contains(UInt8(ascii: "\n")) {
                bytes.append(UInt8(ascii: "\n"))
                withUnsafeBytes(of: UInt64(value.count).littleEndian) { bytes += $0 }
            } else {
                bytes.append(UInt8(ascii: "="))
            }
            bytes += value
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// A journal field name for a metadata key: `job.id` → `JOB_ID`. journald keeps only names
    /// of A–Z, 0–9 and `_`, at most 64 long, not starting with `_` (fields it sets itself) or a
    /// digit; anything else becomes `_`, leading underscores go, a leading digit gets `M`.
    /// nil when nothing is left.
    public static func fieldName(for key: String) -> String? {
        var name = String(
            key.uppercased().unicodeScalars.map { scalar -> Character in
                switch scalar {
                case "A"..."Z", "0"..."9": Character(scalar)
                default: "_"
                }
            }
        ).drop { $0 == "_" }
        guard let first = name.first else { return nil }
        if first.isNumber { name = "M" + name }
        return String(name.prefix(64))
    }

    /// syslog priorities (`PRIORITY=`): swift-log has no alert or emergency, and its trace is below debug.
    public static func priority(of level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}
