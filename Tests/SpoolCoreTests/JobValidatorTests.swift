import Testing

@testable import SpoolCore

@Suite("Job validation")
struct JobValidatorTests {
    let validator = JobValidator(roots: InputRoots(media: "/spool/media", extra: ["/srv/audio"]))

    func validate(_ text: String, id: String? = "job") -> Result<Job, JobRejection> {
        validator.validate(bytes: Array(text.utf8), defaultID: id)
    }

    func problems(_ text: String, id: String? = "job") -> [JobError] {
        guard case .failure(let rejection) = validate(text, id: id) else { return [] }
        return rejection.problems
    }

    @Test func minimalJobGetsDefaults() throws {
        let job = try validate(#"{"kind": "mp3", "input": "ep42.wav"}"#, id: "ep42").get()
        #expect(job.id == "ep42")
        #expect(job.kind == .mp3)
        #expect(job.input == "ep42.wav")
        #expect(job.priority == 10)
        #expect(job.maxAttempts == 3)
        #expect(job.timeoutSeconds == 900)
        #expect(job.options.bitrate == nil)
        #expect(job.options.sampleRate == nil)
        #expect(job.options.format == .mp3)
        #expect(job.options.mode == .auto)
        #expect(job.options.normalize == nil)
        #expect(job.options.cache && job.options.chapters)
    }

    @Test func priorityDefaultsByKindAndAnExplicitOneWins() throws {
        let defaults: [(String, Int)] = [
            (#"{"kind": "mp3", "input": "a.wav"}"#, 10),
            (#"{"kind": "concat", "inputs": ["a.mp3"]}"#, 10),
            (#"{"kind": "page", "inputs": ["a.mp3"]}"#, 10),
            (#"{"kind": "mp4", "input": "a.wav"}"#, -10),
            (#"{"kind": "carousel", "transcript": "Hello."}"#, -10),
            (#"{"kind": "mp3", "input": "a.wav", "priority": null}"#, 10),
            (#"{"kind": "mp3", "input": "a.wav", "priority": 0}"#, 0),
            (#"{"kind": "mp4", "input": "a.wav", "priority": 50}"#, 50),
            (#"{"kind": "mp3", "input": "a.wav", "priority": -100}"#, -100),
        ]
        for (text, expected) in defaults {
            let job = try validate(text).get()
            #expect(job.priority == expected, "\(text)")
            // job.json carries the effective priority, so a retry or a reindex sees the same.
            guard case .object(let json) = job.json else { Issue.record("not an object"); continue }
            #expect(json["priority"] == .number(Double(expected)), "\(text)")
        }
        #expect(JobKind.mp3.defaultPriority > JobKind.mp4.defaultPriority)
        #expect(JobKind.concat.defaultPriority > JobKind.carousel.defaultPriority)
        // Batch elements get their own kind's default.
        guard
            case .batch(let elements) = validator.validateFile(
                bytes: Array(#"[{"kind": "mp4", "input": "a.wav"}, {"kind": "mp3", "input": "a.wav"}]"#.utf8), stem: "b")
        else {
            Issue.record("not a batch")
            return
        }
        #expect(elements.map { try? $0.result.get().priority } == [-10, 10])
    }

    @Test func normalisedJobKeepsUnknownFieldsAndFoldsAliases() throws {
        let job = try validate(
            #"{"kind": "mp3", "audioUrl": "a.wav", "bookId": "b1", "style": {"x": 1}, "transcriptId": "tt_1", "options": {"bitrate": 192.0, "future": true}}"#
        ).get()
        guard case .object(let json) = job.json else { Issue.record("not an object"); return }
        #expect(json["input"] == .string("a.wav"))
        #expect(json["bookId"] == .string("b1"))
        #expect(json["style"] == .object(["x": .number(1)]))
        #expect(json["transcriptId"] == .string("tt_1"))
        #expect(json["version"] == .number(1))
        #expect(json["options"]?.objectValue?["bitrate"] == .number(192))
        #expect(json["options"]?.objectValue?["future"] == .bool(true))
        // The normalised file validates to the same job.
        let again = try validator.validate(job.json, defaultID: nil).get()
        #expect(again == job)
    }

    @Test func pageIsAnAliasOfConcat() throws {
        let all = JobValidator(roots: validator.roots, implementedKinds: Set(JobKind.allCases))
        let job = try all.validate(bytes: Array(#"{"kind": "page", "inputs": ["p1.mp3", "p2.mp3"]}"#.utf8), defaultID: "p").get()
        #expect(job.kind == .concat)
        #expect(job.inputs == ["p1.mp3", "p2.mp3"])
    }

    @Test func oldExportRequestBodyIsAValidJob() throws {
        let body =
            #"{"kind": "mp4", "audioUrl": "https://cdn.example.com/a.webm", "transcriptId": "tt_b8b0df7", "templateId": "t1", "style": {"color": "white"}, "userId": "user_123"}"#
        let everything = JobValidator(
            roots: validator.roots, implementedKinds: Set(JobKind.allCases), allowedHosts: HostAllowList(["cdn.example.com"]))
        let job = try everything.validate(bytes: Array(body.utf8), defaultID: "req").get()
        #expect(job.userId == "user_123")
        #expect(job.input == "https://cdn.example.com/a.webm")
        // The old service's own style keys are kept, not refused; only the host is, since none is allowed by default.
        #expect(job.extra["style"] == .object(["color": .string("white")]))
        let found = problems(body)
        #expect(Set(found.map { "\($0.field ?? ""):\($0.code)" }) == ["audioUrl:host-not-allowed"])
    }

    @Test(arguments: [
        (#"{"kind": "mp3", "input": "a.wav", "options": {"bitrate": 999}}"#, "options.bitrate", JobError.Code.invalidField),
        (#"{"kind": "mp3", "input": "a.wav", "options": {"bitrate": 320, "sampleRate": 22050}}"#, "options.bitrate", .invalidField),
        (#"{"kind": "mp3", "input": "a.wav", "options": {"vbrQuality": 12}}"#, "options.vbrQuality", .invalidField),
        (#"{"kind": "mp3", "input": "a.wav", "options": {"channels": 3}}"#, "options.channels", .invalidField),
        (#"{"kind": "mp3", "input": "a.wav", "options": {"sampleRate": 12345}}"#, "options.sampleRate", .invalidField),
        (#"{"kind": "mp3", "input": "a.wav", "options": {"bitrate": "128"}}"#, "options.bitrate", .invalidField),
        (#"{"kind": "mp3", "input": "a.wav", "options": {"bitrate": 128.5}}"#, "options.bitrate", .invalidField),
        (#"{"kind": "mp3", "input": "a.wav", "options": []}"#, "options", .invalidField),
        (#"{"kind": "mp3", "input": "a.wav", "priority": "high"}"#, "priority", .invalidField),
        (#"{"kind": "mp3", "input": "a.wav", "maxAttempts": 0}"#, "maxAttempts", .invalidField),
        (#"{"kind": "mp3", "input": "a.wav", "timeoutSeconds": 100000}"#, "timeoutSeconds", .invalidField),
        (#"{"kind": "mp3", "input": "a.wav", "tags": {"title": ["x"]}}"#, "tags.title", .invalidField),
        (#"{"kind": "mp3", "input": "a.wav", "callbackUrl": "ftp://x"}"#, "callbackUrl", .invalidField),
        (#"{"kind": "mp3", "input": "a.wav", "id": "../etc"}"#, "id", .invalidField),
        (#"{"kind": "mp3", "input": "a.wav", "version": 2}"#, "version", .unsupported),
        (#"{"kind": "mp3"}"#, "input", .missingField),
        (#"{"input": "a.wav"}"#, "kind", .missingField),
        (#"{"kind": "wav", "input": "a.wav"}"#, "kind", .invalidField),
        (#"{"kind": "mp3", "input": "a.wav", "inputs": ["b.wav"]}"#, "inputs", .invalidField),
        (#"{"kind": "mp3", "input": "../../etc/passwd"}"#, "input", .invalidPath),
        (#"{"kind": "mp3", "input": "/etc/passwd"}"#, "input", .invalidPath),
        (#"{"kind": "mp3", "input": "file:///etc/passwd"}"#, "input", .invalidPath),
        (#"{"kind": "mp3", "input": "file:///spool/media/%2e%2e/x.wav"}"#, "input", .invalidPath),
        (#"{"kind": "mp3", "input": "ftp://host/a.wav"}"#, "input", .invalidPath),
        (#"{"kind": "mp3", "input": ""}"#, "input", .invalidField),
        (#"{"kind": "mp3", "input": "a\u0000.wav"}"#, "input", .invalidPath),
        (
            #"{"kind": "mp3", "input": "a.wav", "transcript": {"segments": [{"start": 2, "end": 1, "text": "x"}]}}"#,
            "transcript.segments[0].end", .invalidField
        ),
        (#"{"kind": "mp3", "input": "a.wav", "transcript": 5}"#, "transcript", .invalidField),
    ])
    func badFieldIsNamed(text: String, field: String, code: JobError.Code) {
        let found = problems(text)
        #expect(found.first?.field == field, "\(found)")
        #expect(found.first?.code == code)
        #expect(found.first?.message.hasPrefix(field + ": ") == true)
    }

    @Test func everyProblemIsReported() {
        let found = problems(#"{"kind": "mp3", "input": "../a.wav", "options": {"bitrate": 1, "channels": 9}, "priority": 1000}"#)
        #expect(Set(found.compactMap(\.field)) == ["input", "options.bitrate", "options.channels", "priority"])
    }

    @Test func pathsInsideAllowedRootsAreAccepted() throws {
        for input in ["sub/dir/a.wav", "./a.wav", "/spool/media/a.wav", "file:///srv/audio/x%20y.flac", "/srv/audio/b.mp3"] {
            #expect(throws: Never.self, "\(input)") { try validate(#"{"kind": "mp3", "input": "\#(input)"}"#).get() }
        }
        #expect(
            try InputReference.resolve("file:///srv/audio/x%20y.flac", field: "input", roots: validator.roots)
                == .file(root: "/srv/audio", relativePath: "x y.flac"))
        #expect(
            try InputReference.resolve("./sub//a.wav", field: "input", roots: validator.roots)
                == .file(root: "/spool/media", relativePath: "sub/a.wav"))
        // A root's prefix is not the root.
        #expect(throws: JobError.self) { try InputReference.resolve("/srv/audio2/x.wav", field: "input", roots: validator.roots) }
    }

    @Test func idComesFromTheFileNameUnlessGiven() throws {
        #expect(try validate(#"{"kind": "mp3", "input": "a.wav"}"#, id: "from-name").get().id == "from-name")
        #expect(try validate(#"{"id": "given", "kind": "mp3", "input": "a.wav"}"#, id: "from-name").get().id == "given")
        let found = problems(#"{"kind": "mp3", "input": "a.wav"}"#, id: "has space")
        #expect(found.first?.field == "id")
    }

    @Test func idPattern() {
        #expect(Job.isValidID("ep42-mp3"))
        #expect(Job.isValidID("A.b_c-1"))
        #expect(!Job.isValidID(".hidden"))
        #expect(!Job.isValidID("-x"))
        #expect(!Job.isValidID("a/b"))
        #expect(!Job.isValidID(""))
        #expect(!Job.isValidID(String(repeating: "a", count: 129)))
        #expect(!Job.isValidID("épisode"))
    }

    @Test(arguments: [
        ("", "empty"),
        (#"{"kind": "mp3", "#, "ends at line 1, column 17"),
        ("{\n  \"kind\": \"mp3\",\n  \"input\": 'a.wav'\n}", "line 3, column 12"),
        ("[1, 2", "before the JSON is complete"),
    ])
    func invalidJSONSaysWhere(text: String, fragment: String) {
        let found = problems(text)
        #expect(found.count == 1)
        #expect(found.first?.code == .invalidJSON)
        #expect(found.first?.message.contains(fragment) == true, "\(found)")
    }

    @Test func invalidUTF8AndDeepNestingAreRejectedCleanly() {
        #expect(problems("{\"kind\": \"mp3\", \"input\": \"\u{FF}\"}").isEmpty)  // valid UTF-8 of ÿ
        let badUTF8: [UInt8] = Array(#"{"kind": "mp3", "input": ""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        guard case .failure(let rejection) = validator.validate(bytes: badUTF8, defaultID: "x") else {
            Issue.record("invalid UTF-8 was accepted")
            return
        }
        #expect(rejection.first.code == .invalidJSON)
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(problems(deep).first?.code == .invalidJSON)
    }

    /// `[` × 513 with nothing after it made Foundation's JSON scanner trap (SIGILL) while it
    /// built its "too many nested arrays" error: one dropped file took the daemon down, and again
    /// at every restart. Depth is now checked before Foundation sees the bytes.
    @Test(arguments: [512, 513, 514, 1000])
    func nestingThatEndsAtTheLimitIsRejectedWithoutACrash(depth: Int) {
        for opener in ["[", #"{"a":"#] {
            let text = String(repeating: opener, count: depth)
            let found = validator.validateFile(bytes: Array(text.utf8), stem: "deep")
            guard case .single(.failure(let rejection)) = found else {
                Issue.record("\(depth) × \(opener) was not rejected: \(found)")
                continue
            }
            #expect(rejection.first.code == .invalidJSON)
            #expect(rejection.first.message.contains(depth > 512 ? "nested more than 512 levels" : "before the JSON is complete"))
        }
        // Brackets inside strings do not count.
        let quoted = #"{"kind": "mp3", "input": "a.wav", "note": ""# + String(repeating: "[", count: 600) + #""}"#
        #expect(problems(quoted).isEmpty)
    }

    @Test func arraysAreBatches() throws {
        guard case .batch(let elements) = validator.validateFile(bytes: Array(#"[{"kind": "mp3", "input": "a.wav"}]"#.utf8), stem: "b")
        else {
            Issue.record("an array is a batch")
            return
        }
        #expect(elements.map(\.defaultID) == ["b-1"])
        #expect(try elements[0].result.get().id == "b-1")
        // validate() alone takes one job, and says where arrays go.
        #expect(problems(#"[{"kind": "mp3", "input": "a.wav"}]"#).first?.code == .invalidField)
    }
}
