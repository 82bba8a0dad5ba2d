/// Why a transcript file cannot be read: the line (1-based) where it goes wrong, when there is
/// one, and the reason. Becomes a ``JobError`` with code `invalid-transcript`.
public struct TranscriptError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int?
    public var reason: String

    public init(line: Int?, _ reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { line.map { "line \($0): \(reason)" } ?? reason }

    /// The job error, blaming `field` (`transcriptFile`, `transcript`).
    public func jobError(field: String) -> JobError { JobError(.invalidTranscript, field: field, reason: description) }
}
