import Foundation

/// Reads a transcript file: WebVTT (`WEBVTT` header), SRT (numbered cues with `,` in times) or
/// JSON (`{"segments": [{start, end, text}]}` or the bare array), chosen by extension and
/// checked against the content. Markup in cues (`<v Speaker>`, `<i>`, `<c.x>`, inline
/// timestamps) is removed and entities decoded, so what remains is the spoken text. Cues come
/// back in time order; a malformed one is reported with its line.
public enum TranscriptParser {
    public enum Format: String, Sendable { case vtt, srt, json }

    /// Largest transcript file read (bytes).
    public static let maxBytes = 8 << 20
    /// Most segments a transcript may hold.
    public static let maxSegments = 100_000

    public static func parse(_ bytes: [UInt8], name: String) throws(TranscriptError) -> [TranscriptSegment] {
        guard bytes.count <= maxBytes else { throw TranscriptError(line: nil, "is \(bytes.count) bytes; at most \(maxBytes) allowed") }
        var body = bytes
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body.removeFirst(3) }
        guard let text = String(validating: body, as: UTF8.self) else {
            let line = Self.firstInvalidUTF8Line(body)
            throw TranscriptError(line: line, "is not valid UTF-8")
        }
        let segments: [TranscriptSegment]
        switch format(name: name, text: text) {
        case .vtt: segments = try CueReader(text: text, format: .vtt).read()
        case .srt: segments = try CueReader(text: text, format: .srt).read()
        case .json: segments = try JSONTranscript.read(body)
        }
        guard segments.count <= maxSegments else {
            throw TranscriptError(line: nil, "holds \(segments.count) segments; at most \(maxSegments) allowed")
        }
        guard !segments.isEmpty else { throw TranscriptError(line: nil, "holds no cues with text") }
        return segments.enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }.map(\.element)
    }

    /// By extension; without a known one, by the first characters.
    public static func format(name: String, text: String) -> Format {
        let lowered = name.lowercased()
        if lowered.hasSuffix(".vtt") || lowered.hasSuffix(".webvtt") { return .vtt }
        if lowered.hasSuffix(".srt") { return .srt }
        if lowered.hasSuffix(".json") { return .json }
        let start = text.drop { $0.isWhitespace }
        if start.hasPrefix("WEBVTT") { return .vtt }
        if start.hasPrefix("{") || start.hasPrefix("[") { return .json }
        return .srt
    }

    private static func firstInvalidUTF8Line(_ bytes: [UInt8]) -> Int {
        var line = 1
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 10 {
            if String(validating: bytes[start..<index], as: UTF8.self) == nil { return line }
            line += 1
            start = index + 1
        }
        return line
    }
}
