import Foundation
import Testing

@testable import SpoolCore

/// `mediaspool schema` must describe the files the validator accepts: both judge the same
/// sample files (and a set of broken ones) and must agree. The schema side is Python's
/// `jsonschema` (Debian's python3-jsonschema), an independent implementation.
@Suite("JSON Schema of job files")
struct JobSchemaTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../samples/jobs")
        .standardized.path

    /// The format alone: every kind, URL inputs allowed, as the schema sees it.
    let validator = JobValidator(roots: InputRoots(media: "/spool/media"), implementedKinds: Set(JobKind.allCases), allowedHosts: .anyHost)

    static let brokenJobs = [
        #"{"kind": "mp3"}"#,
        #"{"kind": "nope", "input": "a.wav"}"#,
        #"{"kind": "mp3", "input": "a.wav", "options": {"bitrate": 999}}"#,
        #"{"kind": "mp3", "input": "a.wav", "options": {"vbrQuality": 10}}"#,
        #"{"kind": "mp3", "input": "a.wav", "options": {"channels": 0}}"#,
        #"{"kind": "mp3", "input": "../a.wav"}"#,
        #"{"kind": "mp3", "input": "a.wav", "inputs": ["b.wav"]}"#,
        #"{"kind": "concat", "inputs": []}"#,
        #"{"kind": "concat", "input": "a.wav", "inputs": ["b.wav"]}"#,
        #"{"kind": "mp3", "input": "a.wav", "id": "-bad"}"#,
        #"{"kind": "mp3", "input": "a.wav", "priority": 101}"#,
        #"{"kind": "mp3", "input": "a.wav", "tags": {"title": true}}"#,
        #"{"kind": "mp3", "input": "a.wav", "callbackUrl": "mailto:x"}"#,
        #"{"kind": "mp3", "input": "a.wav", "transcript": {"segments": [{"start": 0, "text": "x"}]}}"#,
        #"{"kind": "mp3", "input": "a.wav", "version": 2}"#,
        #"[]"#,
        #"[{"kind": "mp3", "input": "a.wav"}, {"kind": "mp3"}]"#,
        #"{"kind": "mp3", "input": "a.wav", "options": {"format": "aiff"}}"#,
        #"{"kind": "mp3", "input": "a.wav", "options": {"normalize": {"integratedLufs": -80}}}"#,
        #"{"kind": "mp3", "input": "a.wav", "options": {"normalize": {"lufs": -16}}}"#,
        #"{"kind": "concat", "inputs": ["a.mp3"], "options": {"mode": "fast"}}"#,
        #"{"kind": "mp3", "input": "a.wav", "options": {"outputName": "../x.mp3"}}"#,
    ]

    static let validJobs = [
        #"{"kind": "mp3", "input": "a.wav", "unknown": {"kept": true}}"#,
        #"{"kind": "mp3", "audioUrl": "a.wav", "options": {"bitrate": null, "vbrQuality": 0}}"#,
        #"{"kind": "concat", "inputs": ["a.mp3"], "options": {"gapMs": 0}}"#,
        #"{"kind": "carousel", "transcript": null, "transcriptFile": "t.vtt"}"#,
        #"[{"kind": "mp3", "input": "a.wav"}, {"kind": "concat", "inputs": ["a.mp3", "b.mp3"], "chapters": ["One", "Two"]}]"#,
        #"{"kind": "mp3", "input": "a.wav", "options": {"format": "m4a", "bitrate": 256, "quality": "high", "normalize": true}}"#,
        #"{"kind": "page", "inputs": ["a.mp3"], "options": {"mode": "copy", "gapMs": 500, "outputName": "page-7", "cache": false}}"#,
        #"{"kind": "mp3", "input": "https://cdn.example.com/a.wav", "options": {"normalize": {"integratedLufs": -23, "truePeakDbtp": -2}}}"#,
    ]

    func schemaVerdicts(_ documents: [String]) throws -> [Bool] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(JobSchema.text.utf8).write(to: directory.appendingPathComponent("schema.json"))
        for (index, document) in documents.enumerated() {
            try Data(document.utf8).write(to: directory.appendingPathComponent("\(index).json"))
        }
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1] + "/schema.json"))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema)
            for i in range(int(sys.argv[2])):
                print("valid" if validator.is_valid(json.load(open(f"{sys.argv[1]}/{i}.json"))) else "invalid")
            """
        let process = Process()
        process.executableURL = URL(
            fileURLWithPath: FileManager.default.fileExists(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3")
        process.arguments = ["-c", script, directory.path, String(documents.count)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 with jsonschema is needed (make deps installs it)")
        return text.split(separator: "\n").map { $0 == "valid" }
    }

    @Test func schemaAndValidatorAgree() throws {
        let sampleFiles = try FileManager.default.contentsOfDirectory(atPath: Self.samples).filter { $0.hasSuffix(".json") }.sorted()
        #expect(sampleFiles.count >= 5)
        let samples = try sampleFiles.map { try String(contentsOfFile: Self.samples + "/" + $0, encoding: .utf8) }
        let documents = samples + Self.validJobs + Self.brokenJobs
        let schema = try schemaVerdicts(documents)
        let ours = documents.map { text in
            switch validator.validateFile(bytes: Array(text.utf8), stem: "sample") {
            case .single(let result): (try? result.get()) != nil
            case .batch(let elements): elements.allSatisfy { (try? $0.result.get()) != nil }
            }
        }
        #expect(schema.count == documents.count)
        for (index, document) in documents.enumerated() {
            #expect(schema[index] == ours[index], "schema says \(schema[index]), validator says \(ours[index]): \(document)")
        }
        #expect(ours.prefix(samples.count + Self.validJobs.count).allSatisfy { $0 })
        #expect(ours.suffix(Self.brokenJobs.count).allSatisfy { !$0 })
    }
}
