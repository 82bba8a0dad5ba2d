/// What one dropped file holds: a job, or a batch of them (a JSON array), each element
/// validated on its own so one bad element does not sink the others.
public enum JobFile: Sendable {
    case single(Result<Job, JobRejection>)
    /// Elements in order; each has the id it got (its own, or `<stem>-<n>`).
    case batch([BatchElement])

    public struct BatchElement: Sendable {
        /// 1-based position in the file.
        public var index: Int
        /// The default id this element was given (`<stem>-<n>`), used when it has no `id`.
        public var defaultID: String
        /// The element's `kind` as written, for the status of a rejected element.
        public var kindName: String?
        /// The element as written, kept as the job's `source.json`.
        public var value: JSONValue
        public var result: Result<Job, JobRejection>
    }

    /// At most this many jobs in one batch file.
    public static let maxBatchSize = 10_000
}

extension JobValidator {
    /// Parses a dropped file: an object is one job, an array a batch whose elements without an
    /// `id` are named `<stem>-<n>` (n zero-padded to the batch's width: `book-01` … `book-20`).
    /// An empty or oversized array, or one that is not all objects, is rejected as a whole.
    public func validateFile(bytes: [UInt8], stem: String?) -> JobFile {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            return .single(.failure(JobRejection([error])))
        }
        guard case .array(let elements) = value else { return .single(validate(value, defaultID: stem)) }
        guard !elements.isEmpty else {
            return .single(
                .failure(JobRejection([JobError(.invalidField, field: nil, reason: "an empty array: a batch needs at least one job")])))
        }
        guard elements.count <= JobFile.maxBatchSize else {
            return .single(
                .failure(
                    JobRejection([
                        JobError(
                            .tooLarge, field: nil, reason: "a batch of \(elements.count) jobs; at most \(JobFile.maxBatchSize) per file")
                    ])))
        }
        let width = String(elements.count).count
        let base = stem ?? "batch"
        return .batch(
            elements.enumerated().map { offset, element in
                let number = String(offset + 1)
                let defaultID = base + "-" + String(repeating: "0", count: width - number.count) + number
                let result = validate(element, defaultID: defaultID)
                var kindName: String?
                if case .string(let kind)? = element.objectValue?["kind"] { kindName = kind }
                return JobFile.BatchElement(index: offset + 1, defaultID: defaultID, kindName: kindName, value: element, result: result)
            })
    }
}
