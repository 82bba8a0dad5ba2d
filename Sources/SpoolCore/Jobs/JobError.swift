/// Why a job cannot be accepted or did not complete: the field that is wrong (as a path such as
/// `options.bitrate` or `inputs[2]`), the reason in words, and a machine-readable code. Written
/// to `status.json` as `error`, `errorField` and `errorCode`.
public struct JobError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        // Rejected at intake: nothing ran.
        public static let invalidJSON = Code(rawValue: "invalid-json")
        public static let tooLarge = Code(rawValue: "too-large")
        public static let notRegularFile = Code(rawValue: "not-regular-file")
        public static let missingField = Code(rawValue: "missing-field")
        public static let invalidField = Code(rawValue: "invalid-field")
        public static let invalidPath = Code(rawValue: "invalid-path")
        public static let unsupported = Code(rawValue: "unsupported")
        public static let duplicateID = Code(rawValue: "duplicate-id")
        /// The file's owner is not allowed to submit jobs (`--allow-user`, `--allow-group`).
        public static let forbidden = Code(rawValue: "forbidden")
        /// The owner has as many jobs waiting or running as `--user-max-pending` allows.
        public static let quotaExceeded = Code(rawValue: "quota-exceeded")
        // Failed while running.
        public static let inputNotFound = Code(rawValue: "input-not-found")
        public static let inputUnreadable = Code(rawValue: "input-unreadable")
        /// A URL input names a host the operator has not allowed.
        public static let hostNotAllowed = Code(rawValue: "host-not-allowed")
        /// A URL input could not be fetched (after retries for transient errors).
        public static let fetchFailed = Code(rawValue: "fetch-failed")
        /// An input is larger than the configured limit.
        public static let inputTooLarge = Code(rawValue: "input-too-large")
        /// The parts of a copy-mode page export cannot be joined frame by frame.
        public static let incompatibleParts = Code(rawValue: "incompatible-parts")
        /// A transcript file is malformed (the reason names the line).
        public static let invalidTranscript = Code(rawValue: "invalid-transcript")
        /// `templateId` names no template, or a template file is malformed.
        public static let invalidTemplate = Code(rawValue: "invalid-template")
        public static let unsupportedFormat = Code(rawValue: "unsupported-format")
        public static let invalidData = Code(rawValue: "invalid-data")
        public static let noAudioStream = Code(rawValue: "no-audio-stream")
        public static let emptyAudio = Code(rawValue: "empty-audio")
        public static let invalidSettings = Code(rawValue: "invalid-settings")
        public static let timeout = Code(rawValue: "timeout")
        public static let workerCrashed = Code(rawValue: "worker-crashed")
        /// The worker sent no report for longer than `--stall-seconds` and was stopped.
        public static let stalled = Code(rawValue: "stalled")
        /// The job crashed its worker (or the daemon) `--max-crashes` times; it is not tried again.
        public static let crashedRepeatedly = Code(rawValue: "crashed-repeatedly")
        /// The spool's file system was full; the job waits for space without spending an attempt.
        public static let noSpace = Code(rawValue: "no-space")
        public static let interrupted = Code(rawValue: "interrupted")
        public static let cancelled = Code(rawValue: "cancelled")
        public static let ioError = Code(rawValue: "io-error")
        public static let internalError = Code(rawValue: "internal")

        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
    }

    public var code: Code
    public var field: String?
    public var reason: String

    public init(_ code: Code, field: String?, reason: String) {
        self.code = code
        self.field = field
        self.reason = reason
    }

    /// "options.bitrate: must be one of …", or the reason alone when no field is to blame.
    public var message: String { field.map { "\($0): \(reason)" } ?? reason }
    public var description: String { message }
}
