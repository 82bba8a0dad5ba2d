/// Checks a job file against version 1 of the format (DESIGN.md, "Job file"): strict about
/// the fields it knows (types, ranges, the id pattern, paths that stay inside the allowed
/// roots), keeping every field it does not know. Reports every problem, not just the first.
public struct JobValidator: Sendable {
    public var roots: InputRoots
    /// Kinds this build runs; the others are reported as `unsupported`.
    public var implementedKinds: Set<JobKind>
    /// The hosts `http(s)://` inputs may name; empty refuses every URL.
    public var allowedHosts: HostAllowList

    /// Largest job file read at all (bytes); bigger files are rejected unread.
    public static let maxFileBytes = 1 << 20

    public init(roots: InputRoots, implementedKinds: Set<JobKind> = JobKind.implemented, allowedHosts: HostAllowList = HostAllowList()) {
        self.roots = roots
        self.implementedKinds = implementedKinds
        self.allowedHosts = allowedHosts
    }

    /// Parses and validates raw bytes. `defaultID` is the file name's stem.
    public func validate(bytes: [UInt8], defaultID: String?) -> Result<Job, JobRejection> {
        do {
            return validate(try JSONValue.parse(bytes), defaultID: defaultID)
        } catch {
            return .failure(JobRejection([error]))
        }
    }

    public func validate(_ value: JSONValue, defaultID: String?) -> Result<Job, JobRejection> {
        guard case .object(let object) = value else {
            let reason =
                if case .array = value {
                    "a JSON array is a batch of jobs; read it with validateFile"
                } else {
                    "a job file must hold a JSON object or an array of them (a batch), got \(value.typeName)"
                }
            return .failure(JobRejection([JobError(.invalidField, field: nil, reason: reason)]))
        }
        var fields = FieldReader(object: object)
        let job = readJob(&fields, defaultID: defaultID)
        if let job, fields.problems.isEmpty { return .success(job) }
        return .failure(JobRejection(fields.problems))
    }

    private func readJob(_ fields: inout FieldReader, defaultID: String?) -> Job? {
        if let version = fields.integer("version"), version != 1 {
            fields.report(.unsupported, "version", "only version 1 is known, got \(version)")
        }
        let id = readID(&fields, defaultID: defaultID)
        let kind = readKind(&fields)
        let input = readInput(&fields, kind: kind)
        let inputs = readInputs(&fields, kind: kind)
        let options = readOptions(&fields, kind: kind)
        let chapterTitles = readChapterTitles(&fields, kind: kind, partCount: inputs.count)
        let tags = fields.stringMap("tags")
        let priority = fields.integer("priority", in: -100...100) ?? kind.map(Job.defaultPriority(for:)) ?? 0
        let maxAttempts = fields.integer("maxAttempts", in: 1...20) ?? Job.defaultMaxAttempts
        let timeout = fields.integer("timeoutSeconds", in: 1...86_400) ?? Job.defaultTimeoutSeconds
        let callbackUrl = fields.string("callbackUrl", maxLength: 2048)
        if let callbackUrl {
            checkCallback(callbackUrl, into: &fields)
        }
        let userId = fields.string("userId", maxLength: 256)
        _ = fields.string("transcriptId", maxLength: 1024, keep: true)
        readLook(&fields, kind: kind)
        readTranscript(&fields, kind: kind)
        guard let id, let kind else { return nil }
        return Job(
            id: id, kind: kind, input: input, inputs: inputs, chapterTitles: chapterTitles, options: options, tags: tags,
            priority: priority, maxAttempts: maxAttempts, timeoutSeconds: timeout,
            callbackUrl: callbackUrl, userId: userId, extra: fields.remaining)
    }

    private func readID(_ fields: inout FieldReader, defaultID: String?) -> String? {
        if let id = fields.string("id", maxLength: 128) {
            guard Job.isValidID(id) else {
                fields.report(.invalidField, "id", "\"\(id)\" does not match \(Job.idPattern)")
                return nil
            }
            return id
        }
        guard let defaultID, Job.isValidID(defaultID) else {
            fields.report(
                .invalidField, "id",
                "missing, and the file name \"\(defaultID ?? "")\" is not a valid id (\(Job.idPattern)); set \"id\" in the job")
            return nil
        }
        return defaultID
    }

    private func readKind(_ fields: inout FieldReader) -> JobKind? {
        guard let name = fields.string("kind", required: true) else { return nil }
        guard let kind = JobKind(name: name) else {
            fields.report(
                .invalidField, "kind", "unknown kind \"\(name)\"; expected one of \(JobKind.acceptedNames.joined(separator: ", "))")
            return nil
        }
        if !implementedKinds.contains(kind) {
            let supported = implementedKinds.map(\.rawValue).sorted().joined(separator: ", ")
            fields.report(.unsupported, "kind", "\"\(name)\" is recognised but this build does not run it yet (supported: \(supported))")
        }
        return kind
    }

    private func readInput(_ fields: inout FieldReader, kind: JobKind?) -> String? {
        let input = fields.string("input", maxLength: 4096)
        let audioUrl = fields.string("audioUrl", maxLength: 4096)
        if let input, let audioUrl, input != audioUrl {
            fields.report(.invalidField, "audioUrl", "differs from \"input\"; give one of them")
        }
        let field = input != nil ? "input" : "audioUrl"
        guard let text = input ?? audioUrl else {
            if kind == .mp3 || kind == .mp4 {
                fields.report(.missingField, "input", "required for \(kind!.rawValue) jobs (or \"audioUrl\")")
            }
            return nil
        }
        if kind == .concat {
            fields.report(.invalidField, field, "concat jobs take their parts in \"inputs\"")
        }
        checkPath(text, field: field, into: &fields)
        return text
    }

    private func readInputs(_ fields: inout FieldReader, kind: JobKind?) -> [String] {
        guard let parts = fields.stringArray("inputs", maxCount: 1000) else {
            if kind == .concat { fields.report(.missingField, "inputs", "required for concat jobs: the ordered parts") }
            return []
        }
        if kind != .concat && kind != nil {
            fields.report(.invalidField, "inputs", "only concat jobs take \"inputs\"; use \"input\"")
        }
        if kind == .concat && parts.isEmpty { fields.report(.invalidField, "inputs", "must name at least one part") }
        for (index, part) in parts.enumerated() { checkPath(part, field: "inputs[\(index)]", into: &fields) }
        return parts
    }

    private func checkPath(_ text: String, field: String, into fields: inout FieldReader) {
        do {
            if case .url(let url) = try InputReference.resolve(text, field: field, roots: roots) {
                let host = InputReference.host(ofURL: url) ?? ""
                if allowedHosts.isEmpty {
                    fields.report(
                        .hostNotAllowed, field,
                        "URL inputs are off: no host is allowed (the operator lists hosts with --allow-host); copy the file into media/ and name it by path"
                    )
                } else if !allowedHosts.allows(host: host) {
                    fields.report(
                        .hostNotAllowed, field,
                        "host \"\(host)\" is not among the allowed hosts (\(allowedHosts.patterns.joined(separator: ", ")))")
                }
            }
        } catch {
            fields.problems.append(error)
        }
    }

    /// Callbacks follow the policy of URL inputs: only to hosts the operator listed, so a job
    /// file cannot make the daemon post to an internal service.
    private func checkCallback(_ url: String, into fields: inout FieldReader) {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            fields.report(.invalidField, "callbackUrl", "must be an http:// or https:// URL")
            return
        }
        let host = InputReference.host(ofURL: url) ?? ""
        if allowedHosts.isEmpty {
            fields.report(
                .hostNotAllowed, "callbackUrl",
                "callbacks are off: no host is allowed (the operator lists hosts with --allow-host)")
        } else if !allowedHosts.allows(host: host) {
            fields.report(
                .hostNotAllowed, "callbackUrl",
                "host \"\(host)\" is not among the allowed hosts (\(allowedHosts.patterns.joined(separator: ", ")))")
        }
    }

    private func readOptions(_ fields: inout FieldReader, kind: JobKind?) -> JobOptions {
        if kind == .mp4 || kind == .carousel { return readVisualOptions(&fields, kind: kind!) }
        guard var options = fields.nested("options") else { return JobOptions() }
        var result = JobOptions()
        result.format = options.choice("format", ExportFormat.self) ?? .mp3
        result.quality = options.choice("quality", QualityPreset.self)
        result.mode = options.choice("mode", ConcatMode.self) ?? .auto
        let format = result.format
        if let range = format.bitrateRange {
            result.bitrate =
                format == .mp3
                ? options.integer("bitrate", oneOf: JobOptions.mp3Bitrates, unit: "kbit/s")
                : options.integer("bitrate", in: range.lowerBound...range.upperBound)
        } else if options.take("bitrate") != nil {
            options.report(.invalidField, "bitrate", "\(format.rawValue) is lossless; a bit rate does not apply")
        }
        result.vbrQuality = options.integer("vbrQuality", in: 0...9)
        if result.vbrQuality != nil && format != .mp3 {
            options.report(.invalidField, "vbrQuality", "is LAME's VBR setting and applies to mp3 only, not \(format.rawValue)")
        }
        result.sampleRate = options.integer("sampleRate", oneOf: format.sampleRates, unit: "Hz for \(format.rawValue)")
        result.channels = options.integer("channels", in: 1...2)
        result.normalize = readLoudnessTarget(&options)
        result.gapMs = options.integer("gapMs", in: 0...60_000) ?? 0
        result.outputName = readOutputName(&options, format: format)
        result.cache = options.bool("cache") ?? true
        result.chapters = options.bool("chapters") ?? true
        if format == .mp3, let bitrate = result.bitrate, let rate = result.sampleRate, result.vbrQuality == nil,
            !Self.bitrate(bitrate, fits: rate)
        {
            options.report(.invalidField, "bitrate", "\(bitrate) kbit/s is not valid at \(rate) Hz; \(Self.bitrateRange(for: rate))")
        }
        if result.mode != .auto, kind != nil, kind != .concat {
            options.report(.invalidField, "mode", "only page exports (kind concat) join parts; \(kind!.rawValue) jobs have no mode")
        }
        if result.mode == .copy {
            for field in result.encodingFields {
                options.report(
                    .invalidField, field,
                    "cannot be honoured in copy mode, which joins MP3 frames without decoding; use \"mode\": \"reencode\" or \"auto\"")
            }
        }
        result.extra = options.remaining
        fields.problems += options.problems
        return result
    }

    /// `normalize`: false/null (off), true (−16 LUFS, −1 dBTP) or an object with either target.
    private func readLoudnessTarget(_ options: inout FieldReader) -> LoudnessTarget? {
        guard let value = options.object["normalize"] else { return nil }
        switch value {
        case .bool:
            return options.bool("normalize") == true ? LoudnessTarget() : nil
        case .object:
            guard var target = options.nested("normalize") else { return nil }
            let integrated = target.number("integratedLufs", in: LoudnessTarget.integratedRange, unit: "LUFS")
            let peak = target.number("truePeakDbtp", in: LoudnessTarget.truePeakRange, unit: "dBTP")
            for key in target.remaining.keys.sorted() {
                target.report(.invalidField, key, "is not a loudness setting; use integratedLufs and truePeakDbtp")
            }
            options.problems += target.problems
            return LoudnessTarget(
                integratedLUFS: integrated ?? LoudnessTarget.defaultIntegratedLUFS, truePeakDBTP: peak ?? LoudnessTarget.defaultTruePeakDBTP
            )
        default:
            _ = options.take("normalize")
            if case .null = value { return nil }
            options.report(
                .invalidField, "normalize", "must be true, false or {\"integratedLufs\": -16, \"truePeakDbtp\": -1}, got \(value.typeName)")
            return nil
        }
    }

    /// `outputName`: a plain file name; the format's extension is added when it has none.
    private func readOutputName(_ options: inout FieldReader, format: ExportFormat) -> String? {
        guard let name = options.string("outputName", maxLength: 128) else { return nil }
        guard Job.isValidID(name) else {
            options.report(.invalidField, "outputName", "\"\(name)\" must be a plain file name matching \(Job.idPattern)")
            return nil
        }
        let reserved = ["job.json", "status.json", "source.json", "log.txt", "CANCEL"]
        let lowered = name.lowercased()
        if reserved.contains(name) || lowered.hasSuffix(".part") || lowered.hasSuffix(".tmp") {
            options.report(.invalidField, "outputName", "\"\(name)\" is reserved for the job folder's own files")
            return nil
        }
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name + "." + format.fileExtension }
        let ext = name[name.index(after: dot)...].lowercased()
        if ext != format.fileExtension, ExportFormat(rawValue: ext) != nil || ext == "mpeg" || ext == "aac" || ext == "ogg" {
            options.report(
                .invalidField, "outputName",
                "\"\(name)\" ends in .\(ext) but the format is \(format.rawValue); name it .\(format.fileExtension)")
            return nil
        }
        return name
    }

    /// `chapters`: one title per part of a page export.
    private func readChapterTitles(_ fields: inout FieldReader, kind: JobKind?, partCount: Int) -> [String]? {
        guard let titles = fields.stringArray("chapters", maxCount: 1000) else { return nil }
        if kind != nil && kind != .concat {
            fields.report(.invalidField, "chapters", "only page exports (kind concat) have chapters")
            return nil
        }
        if titles.count != partCount {
            fields.report(.invalidField, "chapters", "has \(titles.count) titles for \(partCount) inputs; give one title per input")
            return nil
        }
        for (index, title) in titles.enumerated() where title.utf8.count > 1024 {
            fields.report(.invalidField, "chapters[\(index)]", "is \(title.utf8.count) bytes long; at most 1024 allowed")
        }
        return titles
    }

    private func readTranscript(_ fields: inout FieldReader, kind: JobKind?) {
        let file = fields.string("transcriptFile", maxLength: 1024, keep: true)
        if let file { checkLocalPath(file, field: "transcriptFile", into: &fields) }
        guard let transcript = fields.take("transcript", keep: true) else {
            if kind == .carousel && file == nil {
                fields.report(
                    .missingField, "transcript", "required for carousel jobs (a string, {\"segments\": […]} or \"transcriptFile\")")
            }
            return
        }
        switch transcript {
        case .null: return
        case .string(let text):
            if text.allSatisfy(\.isWhitespace) && (kind == .carousel || kind == .mp4) {
                fields.report(.invalidField, "transcript", "is empty; give the spoken text, or leave transcript out")
            }
            return
        case .object(let object):
            guard case .array(let segments)? = object["segments"] else {
                fields.report(.invalidField, "transcript.segments", "must be an array of {start, end, text}")
                return
            }
            for (index, segment) in segments.enumerated() {
                var reader = FieldReader(object: segment.objectValue ?? [:], path: "transcript.segments[\(index)]")
                if segment.objectValue == nil { reader.report(.invalidField, nil, "must be an object with start, end and text") }
                let start = reader.number("start", required: true)
                let end = reader.number("end", required: true)
                _ = reader.string("text", required: true)
                if let start, let end, start < 0 || end < start {
                    reader.report(.invalidField, "end", "must be at least start (\(start)) and start must not be negative")
                }
                fields.problems += reader.problems
            }
        default:
            fields.report(.invalidField, "transcript", "must be an object with segments or a string, got \(transcript.typeName)")
        }
    }

    /// MPEG-1 (32–48 kHz) allows 32…320 kbit/s; MPEG-2/2.5 (8–24 kHz) allows 8…160.
    static func bitrate(_ bitrate: Int, fits sampleRate: Int) -> Bool {
        sampleRate >= 32000 ? (32...320).contains(bitrate) : (8...160).contains(bitrate)
    }

    static func bitrateRange(for sampleRate: Int) -> String {
        sampleRate >= 32000 ? "32…320 kbit/s apply from 32 kHz" : "8…160 kbit/s apply below 32 kHz"
    }
}

/// All the reasons one job file was rejected; the first is the headline.
public struct JobRejection: Error, Sendable, Equatable {
    public var problems: [JobError]
    public init(_ problems: [JobError]) { self.problems = problems }
    public var first: JobError { problems[0] }
}
