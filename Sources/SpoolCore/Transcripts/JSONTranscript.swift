/// A transcript in JSON: `{"segments": [{"start": 0, "end": 2.4, "text": "Hello"}]}` or the bare
/// array; other fields of a segment (speaker, words, confidence) are ignored.
enum JSONTranscript {
    static func read(_ bytes: [UInt8]) throws(TranscriptError) -> [TranscriptSegment] {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            throw TranscriptError(line: nil, error.reason)
        }
        let items: [JSONValue]
        switch value {
        case .array(let array): items = array
        case .object(let object):
            guard case .array(let array)? = object["segments"] else {
                throw TranscriptError(line: nil, "a JSON transcript is {\"segments\": [{\"start\", \"end\", \"text\"}, …]} or that array")
            }
            items = array
        default:
            throw TranscriptError(line: nil, "a JSON transcript is an object with segments or an array, got \(value.typeName)")
        }
        var segments: [TranscriptSegment] = []
        for (index, item) in items.enumerated() {
            guard let fields = item.objectValue else {
                throw TranscriptError(line: nil, "segments[\(index)] must be an object with start, end and text, got \(item.typeName)")
            }
            guard case .number(let start)? = fields["start"], case .number(let end)? = fields["end"] else {
                throw TranscriptError(line: nil, "segments[\(index)] needs numbers start and end (seconds)")
            }
            guard case .string(let text)? = fields["text"] else {
                throw TranscriptError(line: nil, "segments[\(index)].text must be a string")
            }
            guard start >= 0, end >= start, end.isFinite else {
                throw TranscriptError(line: nil, "segments[\(index)]: start \(start) and end \(end) must satisfy 0 ≤ start ≤ end")
            }
            let cleaned = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if !cleaned.isEmpty { segments.append(TranscriptSegment(start: start, end: end, text: cleaned)) }
        }
        return segments
    }
}
