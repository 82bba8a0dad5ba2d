/// What a `Range` request header (RFC 9110, section 14.2) asks of a representation of `size`
/// bytes, reduced to the three answers this server gives.
enum ByteRange: Equatable {
    /// Serve the whole representation with 200: no Range, one this server ignores, or one that
    /// is not valid syntax (a recipient must ignore an invalid range-set, and `b < a` makes it
    /// invalid).
    case full
    /// Serve these bytes with 206. Never empty, always inside the representation.
    case partial(ClosedRange<Int64>)
    /// Answer 416 with `Content-Range: bytes */size`: every range-spec starts at or past the
    /// end, or is a suffix of length 0.
    case unsatisfiable

    /// Reads a `Range` header. Only a single range is served: a request for several gets the
    /// whole file with 200, which RFC 9110 allows (a server may ignore Range), so no multipart
    /// body is ever built.
    static func parse(_ header: String?, size: Int64) -> ByteRange {
        guard let header else { return .full }
        let utf8 = Array(header.utf8)
        // range-unit is case-insensitive; only "bytes" is known.
        let unit = Array("bytes=".utf8)
        guard utf8.count > unit.count, zip(utf8, unit).allSatisfy({ lowercased($0) == $1 }) else { return .full }
        let bytes = utf8[unit.count...]
        var specs: [Spec] = []
        for element in bytes.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            var trimmed = element
            while let first = trimmed.first, isSpace(first) { trimmed.removeFirst() }
            while let last = trimmed.last, isSpace(last) { trimmed.removeLast() }
            // The list rule lets a sender put empty elements between commas.
            if trimmed.isEmpty { continue }
            guard let spec = Spec(trimmed) else { return .full }
            specs.append(spec)
        }
        guard specs.count == 1 else { return .full }
        return specs[0].resolve(size: size)
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (65...90).contains(byte) ? byte + 32 : byte
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09
    }

    /// One range-spec: `first-last`, `first-` or `-suffix`. Numbers too large for Int64 are
    /// kept as Int64.max, which still resolves correctly against any real file size.
    private enum Spec {
        case from(Int64, through: Int64?)
        case suffix(Int64)

        init?(_ bytes: ArraySlice<UInt8>) {
            guard let dash = bytes.firstIndex(of: UInt8(ascii: "-")) else { return nil }
            let first = bytes[..<dash]
            let last = bytes[(dash + 1)...]
            if first.isEmpty {
                guard let length = Self.number(last) else { return nil }
                self = .suffix(length)
            } else {
                guard let start = Self.number(first) else { return nil }
                if last.isEmpty {
                    self = .from(start, through: nil)
                } else {
                    guard let end = Self.number(last), end >= start else { return nil }
                    self = .from(start, through: end)
                }
            }
        }

        /// 1*DIGIT, saturating at Int64.max.
        static func number(_ digits: ArraySlice<UInt8>) -> Int64? {
            guard !digits.isEmpty else { return nil }
            var value: Int64 = 0
            for byte in digits {
                guard (48...57).contains(byte) else { return nil }
                let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(Int64(byte - 48))
                value = overflow1 || overflow2 ? .max : sum
            }
            return value
        }

        func resolve(size: Int64) -> ByteRange {
            switch self {
            case .from(let start, let end):
                guard start < size else { return .unsatisfiable }
                return .partial(start...min(end ?? .max, size - 1))
            case .suffix(let length):
                guard length > 0, size > 0 else { return .unsatisfiable }
                return .partial(max(0, size - length)...(size - 1))
            }
        }
    }
}
