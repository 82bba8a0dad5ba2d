/// A validated job (DESIGN.md, "Job file", version 1). `job.json` in a job folder is this,
/// normalised: defaults filled in, `audioUrl` folded into `input`, `page` into `concat`,
/// and every field the validator does not know kept in `extra`.
public struct Job: Sendable, Equatable {
    public var id: String
    public var kind: JobKind
    /// The input of mp3/mp4/carousel jobs, as written (relative to media/, absolute, file://).
    public var input: String?
    /// The ordered parts of a concat job.
    public var inputs: [String]
    /// Chapter titles of a concat job, one per part (the job's `chapters`); nil for the parts' own.
    public var chapterTitles: [String]?
    public var options: JobOptions
    public var tags: [String: String]
    /// Higher runs first; by default the kind's (``JobKind/defaultPriority``).
    public var priority: Int
    public var maxAttempts: Int
    public var timeoutSeconds: Int
    public var callbackUrl: String?
    public var userId: String?
    /// Known fields this build only carries (transcript, transcriptId, templateId, style …) and unknown ones.
    public var extra: [String: JSONValue]

    /// The priority of a job that names none: its kind's.
    public static func defaultPriority(for kind: JobKind) -> Int { kind.defaultPriority }
    public static let defaultMaxAttempts = 3
    public static let defaultTimeoutSeconds = 900
    public static let idPattern = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}"

    /// The normalised `job.json`.
    public var json: JSONValue {
        var object = extra
        object["version"] = .number(1)
        object["id"] = .string(id)
        object["kind"] = .string(kind.rawValue)
        if let input { object["input"] = .string(input) }
        if kind == .concat { object["inputs"] = .array(inputs.map(JSONValue.string)) }
        if let chapterTitles { object["chapters"] = .array(chapterTitles.map(JSONValue.string)) }
        object["options"] = options.json
        object["tags"] = .object(tags.mapValues(JSONValue.string))
        object["priority"] = .number(Double(priority))
        object["maxAttempts"] = .number(Double(maxAttempts))
        object["timeoutSeconds"] = .number(Double(timeoutSeconds))
        object["callbackUrl"] = callbackUrl.map(JSONValue.string) ?? .null
        object["userId"] = userId.map(JSONValue.string) ?? .null
        return .object(object)
    }

    /// True when `text` is a valid job id: `[A-Za-z0-9][A-Za-z0-9._-]{0,127}`.
    public static func isValidID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...128).contains(bytes.count), isAlphanumeric(bytes[0]) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
    }
}

extension Job {
    /// The options that decide how long the work takes, as one stable string: jobs with the
    /// same key are expected to run at the same speed per second of input.
    public var optionsKey: String {
        String(decoding: options.json.serialized(pretty: false), as: UTF8.self)
    }
}
