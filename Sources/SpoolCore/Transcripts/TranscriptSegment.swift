/// A stretch of speech: its text and when it is said, in seconds from the start of the audio.
public struct TranscriptSegment: Sendable, Equatable, Codable {
    public var start: Double
    public var end: Double
    public var text: String

    public init(start: Double, end: Double, text: String) {
        self.start = start
        self.end = end
        self.text = text
    }
}

/// Where a job's transcript comes from (`transcript` or `transcriptFile`), as validated at intake.
public enum TranscriptSource: Sendable, Equatable {
    /// Timed segments given in the job.
    case segments([TranscriptSegment])
    /// A plain string, spread over the audio by sentence (``TranscriptSpreader``).
    case text(String)
    /// A WebVTT, SRT or JSON file, named as inputs are (relative to media/ …).
    case file(String)
}

extension Job {
    /// The job's transcript, if it has one (`transcript` wins over `transcriptFile`).
    public var transcriptSource: TranscriptSource? {
        switch extra["transcript"] {
        case .string(let text)?:
            return .text(text)
        case .object(let object)?:
            guard case .array(let items)? = object["segments"] else { return nil }
            return .segments(
                items.compactMap { item in
                    guard let fields = item.objectValue, case .number(let start)? = fields["start"],
                        case .number(let end)? = fields["end"], case .string(let text)? = fields["text"]
                    else { return nil }
                    return TranscriptSegment(start: start, end: end, text: text)
                })
        default:
            if case .string(let path)? = extra["transcriptFile"] { return .file(path) }
            return nil
        }
    }
}
