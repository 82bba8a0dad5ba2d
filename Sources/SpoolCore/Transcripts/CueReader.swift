/// Reads the cues of a WebVTT or SRT file line by line: blocks separated by blank lines, each an
/// optional identifier (SRT's number), a timing line `start --> end` and text lines. WebVTT's
/// `NOTE`, `STYLE` and `REGION` blocks are skipped. Errors name the line.
struct CueReader {
    let lines: [Substring]
    let format: TranscriptParser.Format

    init(text: String, format: TranscriptParser.Format) {
        // "\r\n" is one Character in Swift, so split on any newline character, not on "\n".
        lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        self.format = format
    }

    func read() throws(TranscriptError) -> [TranscriptSegment] {
        var index = 0
        if format == .vtt {
            while index < lines.count, lines[index].allSatisfy(\.isWhitespace) { index += 1 }
            guard index < lines.count, Self.isWebVTTSignature(lines[index]) else {
                throw TranscriptError(line: index + 1, "a WebVTT file starts with the line WEBVTT")
            }
            while index < lines.count, !Self.isBlank(lines[index]) { index += 1 }  // the header block
        }
        var segments: [TranscriptSegment] = []
        while index < lines.count {
            if Self.isBlank(lines[index]) {
                index += 1
                continue
            }
            let first = index
            while index < lines.count, !Self.isBlank(lines[index]) { index += 1 }
            let block = Array(lines[first..<index])
            if let segment = try cue(block, firstLine: first + 1) { segments.append(segment) }
        }
        return segments
    }

    private func cue(_ block: [Substring], firstLine: Int) throws(TranscriptError) -> TranscriptSegment? {
        if format == .vtt, let head = block.first, ["NOTE", "STYLE", "REGION"].contains(where: { Self.starts(head, with: $0) }) {
            return nil
        }
        guard let timing = block.prefix(2).firstIndex(where: { $0.contains("-->") }) else {
            let expected = format == .srt ? "a cue number followed by" : "an optional cue identifier followed by"
            throw TranscriptError(line: firstLine, "expected \(expected) a timing line such as 00:00:01.000 --> 00:00:02.500")
        }
        let line = firstLine + timing
        let parts = block[timing].components(separatedBy: "-->")
        guard parts.count == 2 else { throw TranscriptError(line: line, "a timing line has one --> between start and end") }
        let startText = parts[0].trimmingWhitespace()
        let endText = parts[1].trimmingWhitespace().prefix { !$0.isWhitespace }
        let start = try Self.seconds(startText, line: line)
        let end = try Self.seconds(String(endText), line: line)
        guard end >= start else {
            throw TranscriptError(line: line, "the cue ends (\(endText)) before it starts (\(startText))")
        }
        let text = CueText.clean(block[(timing + 1)...].joined(separator: "\n"))
        guard !text.isEmpty else { return nil }
        return TranscriptSegment(start: start, end: end, text: text)
    }

    /// `hh:mm:ss.ttt`, `mm:ss.ttt`, with `,` (SRT) or `.` before the milliseconds.
    static func seconds(_ text: String, line: Int) throws(TranscriptError) -> Double {
        let fields = text.replacingOccurrences(of: ",", with: ".").split(separator: ":", omittingEmptySubsequences: false)
        let invalid = TranscriptError(line: line, "'\(text)' is not a time like 00:01:02.500")
        guard (2...3).contains(fields.count), fields.allSatisfy({ !$0.isEmpty }) else { throw invalid }
        let units = fields.dropLast().map { Int($0) }
        guard let secondsField = fields.last, secondsField.allSatisfy({ $0.isNumber || $0 == "." }),
            let seconds = Double(secondsField), units.allSatisfy({ $0 != nil && $0! >= 0 })
        else { throw invalid }
        let minutes = units.last!!
        let hours = units.count == 2 ? units[0]! : 0
        guard minutes < 60 || units.count == 1, seconds < 60 else { throw invalid }
        return Double(hours * 3600 + minutes * 60) + seconds
    }

    private static func isBlank(_ line: Substring) -> Bool { line.allSatisfy(\.isWhitespace) }

    private static func isWebVTTSignature(_ line: Substring) -> Bool {
        guard line.hasPrefix("WEBVTT") else { return false }
        let rest = line.dropFirst(6)
        return rest.isEmpty || rest.first == " " || rest.first == "\t"
    }

    private static func starts(_ line: Substring, with keyword: String) -> Bool {
        guard line.hasPrefix(keyword) else { return false }
        let rest = line.dropFirst(keyword.count)
        return rest.isEmpty || rest.first!.isWhitespace
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
