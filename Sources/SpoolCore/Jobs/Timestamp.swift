import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A wall-clock instant with microsecond resolution, written as ISO 8601 UTC
/// (`2026-11-23T08:10:00.123456Z`). `now()` never repeats within a process, so arrival order
/// is total even for jobs accepted in the same microsecond.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }

    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let current = Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000
        return Timestamp(microseconds: lastIssued.next(atLeast: current))
    }

    public var seconds: Double { Double(microseconds) / 1e6 }

    public func adding(seconds: Double) -> Timestamp {
        Timestamp(microseconds: microseconds + Int64(seconds * 1e6))
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.microseconds < rhs.microseconds }

    public var description: String {
        var time = time_t(microseconds / 1_000_000)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let fraction = String(microseconds % 1_000_000)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))."
            + String(repeating: "0", count: 6 - fraction.count) + fraction + "Z"
    }

    /// The form ``init(iso8601:)`` reads, as a regular expression (for the HTTP API's schema).
    /// It also needs a real day of its month (no 30 February).
    public static let iso8601Pattern =
        "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?Z$"

    /// Parses a UTC time as `description` writes it, with 0 to 9 fraction digits:
    /// `YYYY-MM-DDTHH:MM:SS[.fffffffff]Z`, a real date, hours 00–23, minutes and seconds 00–59.
    /// Anything else (offsets, lower-case `t`/`z`, a missing field, trailing text) is nil.
    public init?(iso8601 text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.count <= 30, bytes.last == UInt8(ascii: "Z") else { return nil }
        let separators: [(Int, Character)] = [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":")]
        guard separators.allSatisfy({ bytes[$0.0] == $0.1.asciiValue }) else { return nil }
        func number(_ from: Int, _ count: Int) -> Int32? {
            var value: Int32 = 0
            for byte in bytes[from..<from + count] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int32(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            (1...12).contains(month), (1...Self.days(inMonth: month, of: year)).contains(day),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        var micros: Int64 = 0
        if bytes.count > 20 {
            let digits = bytes[20..<(bytes.count - 1)]
            guard bytes[19] == UInt8(ascii: "."), (1...9).contains(digits.count), digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                return nil
            }
            let padded = Array(digits.prefix(6)) + Array(repeating: UInt8(48), count: max(0, 6 - digits.count))
            micros = padded.reduce(Int64(0)) { $0 * 10 + Int64($1 - 48) }
        }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        microseconds = Int64(timegm(&parts)) * 1_000_000 + micros
    }

    /// Days of `month` (1–12) in `year` of the proleptic Gregorian calendar.
    static func days(inMonth month: Int32, of year: Int32) -> Int32 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Timestamp(iso8601: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 UTC time: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static let lastIssued = MonotonicIssuer()
}

/// Hands out strictly increasing values: `max(candidate, last + 1)`.
final class MonotonicIssuer: Sendable {
    private let last = Mutex<Int64>(0)
    func next(atLeast candidate: Int64) -> Int64 {
        last.withLock { value in
            value = max(candidate, value + 1)
            return value
        }
    }
}
