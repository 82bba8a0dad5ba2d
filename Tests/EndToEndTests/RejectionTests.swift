import Foundation
import SpoolCore
import Testing

/// Bad input gets a clear error and loses nothing: the bytes are kept, status.json names the
/// field and the reason, and nothing is retried that cannot succeed.
@Suite("Bad input", .serialized)
struct RejectionTests {
    func rejected(_ fixture: SpoolFixture, _ name: String) async throws -> JobStatus {
        let folder = name + ".rejected"
        try await fixture.waitFor("\(name) to be rejected") { fixture.state(of: folder) == .failed }
        return try #require(fixture.status(of: folder))
    }

    @Test func malformedDropsAreRejectedWithTheirBytesKept() async throws {
        let fixture = try SpoolFixture()
        try fixture.startDaemon()
        let cases: [(name: String, text: String, code: String, field: String?)] = [
            ("garbage", "this is not json", "invalid-json", nil),
            ("unknown-kind", #"{"kind": "flac", "input": "a.wav"}"#, "invalid-field", "kind"),
            ("bad-bitrate", #"{"kind": "mp3", "input": "a.wav", "options": {"bitrate": 999}}"#, "invalid-field", "options.bitrate"),
            ("escape", #"{"kind": "mp3", "input": "../../etc/passwd"}"#, "invalid-path", "input"),
            ("bad-style", #"{"kind": "mp4", "input": "a.wav", "style": {"fontSize": 999}}"#, "invalid-field", "style.fontSize"),
            ("no-text", #"{"kind": "carousel"}"#, "missing-field", "transcript"),
        ]
        for item in cases { try fixture.drop(item.name + ".json", item.text) }
        for item in cases {
            let status = try await rejected(fixture, item.name)
            #expect(status.status == .failed)
            #expect(status.errorCode == item.code, "\(item.name): \(status.error ?? "")")
            #expect(status.errorField == item.field, "\(item.name)")
            #expect(status.error?.isEmpty == false)
            let kept = try String(
                contentsOfFile: fixture.layout.jobFolder(item.name + ".rejected", in: .failed) + "/source.json", encoding: .utf8)
            #expect(kept == item.text)
        }
        #expect(fixture.names(in: fixture.layout.inbox).isEmpty)
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func inputsThatCannotBeDecodedFailOnce() async throws {
        let fixture = try SpoolFixture()
        try fixture.write("just some text, not audio\n", to: fixture.layout.media + "/notes.wav")
        try FileManager.default.createSymbolicLink(atPath: fixture.layout.media + "/evil.wav", withDestinationPath: "/etc/passwd")
        try fixture.makeTone("real.wav", seconds: 1)
        try FileManager.default.createSymbolicLink(atPath: fixture.layout.media + "/alias.wav", withDestinationPath: "real.wav")
        try fixture.startDaemon()
        try fixture.drop("missing.json", #"{"kind": "mp3", "input": "nowhere.wav"}"#)
        try fixture.drop("text.json", #"{"kind": "mp3", "input": "notes.wav"}"#)
        try fixture.drop("evil.json", #"{"kind": "mp3", "input": "evil.wav"}"#)
        try fixture.drop("alias.json", #"{"kind": "mp3", "input": "alias.wav"}"#)

        let missing = try await fixture.waitForFinal("missing")
        #expect(missing.errorCode == "input-not-found")
        #expect(missing.errorField == "input")
        #expect(missing.attempts == 1)
        let text = try await fixture.waitForFinal("text")
        #expect(["unsupported-format", "invalid-data"].contains(text.errorCode ?? ""), "\(text.error ?? "")")
        #expect(text.attempts == 1)
        let evil = try await fixture.waitForFinal("evil")
        #expect(evil.errorCode == "invalid-path", "\(evil.error ?? "")")
        // A symlink that stays inside media/ is fine.
        #expect(try await fixture.waitForFinal("alias").status == .completed)
        // A failed job keeps no partial output.
        #expect(fixture.names(in: fixture.layout.jobFolder("text", in: .failed)) == ["job.json", "log.txt", "source.json", "status.json"])
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func anExistingJobIsNeverOverwritten() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 1)
        try fixture.startDaemon()
        try fixture.drop("once.json", #"{"kind": "mp3", "input": "tone.wav"}"#)
        let first = try await fixture.waitForFinal("once")
        try fixture.drop("once.json", #"{"kind": "mp3", "input": "tone.wav", "options": {"bitrate": 64}}"#)
        let duplicate = try await rejected(fixture, "once")
        #expect(duplicate.errorCode == "duplicate-id")
        #expect(fixture.status(of: "once") == first)
        #expect(try await fixture.stopDaemon() == 0)
    }
}
