import Foundation

/// Any JSON value. Job files are read into this first, so validation can name the exact field
/// that is wrong and unknown fields are kept as they came.
public enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if let integer = Int64(exactly: value) {
                try container.encode(integer)
            } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses JSON bytes; the error says where the text stops being JSON.
    public static func parse(_ bytes: [UInt8]) throws(JobError) -> JSONValue {
        if let offset = tooDeep(bytes) {
            throw JobError(
                .invalidJSON, field: nil,
                reason: "not valid JSON: nested more than \(maxDepth) levels deep at \(position(of: offset, in: bytes))")
        }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw JobError(.invalidJSON, field: nil, reason: "not valid JSON: \(syntaxError(in: bytes))")
        }
    }

    /// Foundation's JSON scanner refuses more than 512 levels, but traps (SIGILL, taking the
    /// daemon down) while it builds that error when the 513th `[` or `{` is the last byte
    /// (`[` × 513), so depth is checked here first, with the same limit.
    static let maxDepth = 512

    /// The offset of the first bracket nested deeper than ``maxDepth``, outside strings; nil when none is.
    static func tooDeep(_ bytes: [UInt8]) -> Int? {
        var depth = 0
        var inString = false
        var escaped = false
        for (offset, byte) in bytes.enumerated() {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maxDepth { return offset }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return nil
    }

    /// JSONDecoder only says "not valid JSON"; JSONSerialization says where. The character
    /// offset it gives becomes a line and column.
    static func syntaxError(in bytes: [UInt8]) -> String {
        if bytes.isEmpty { return "the file is empty" }
        do {
            _ = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
            return "the text is JSON but not a valid job value"
        } catch {
            var detail = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
            if detail.hasSuffix(".") { detail.removeLast() }
            if let range = detail.range(of: " around character "), let offset = Int(detail[range.upperBound...]) {
                detail = String(detail[..<range.lowerBound]) + " at " + position(of: offset, in: bytes)
            } else if detail.hasPrefix("Unexpected end of file") {
                detail = "the text ends at \(position(of: bytes.count, in: bytes)) before the JSON is complete"
            }
            return detail
        }
    }

    /// "line L, column C" of a byte offset.
    static func position(of offset: Int, in bytes: [UInt8]) -> String {
        let prefix = bytes.prefix(offset)
        let line = prefix.filter { $0 == 10 }.count + 1
        let column = prefix.count - (prefix.lastIndex(of: 10).map { $0 + 1 } ?? 0) + 1
        return "line \(line), column \(column)"
    }

    /// Serialises with sorted keys, so the same value always gives the same bytes.
    public func serialized(pretty: Bool = true) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a JSONValue cannot fail: every case maps to JSON.
        return Array((try? encoder.encode(self)) ?? Data("null".utf8)) + (pretty ? [10] : [])
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// A short name of the JSON type, for error messages ("expected a string, got a number").
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
