import Foundation
import SpoolCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// URL inputs from a real HTTP server, batch files and the result cache, through the real daemon.
@Suite("URL inputs, batches and the result cache", .serialized)
struct ExportFeatureTests {
    /// `python3 -m http.server` on 127.0.0.1, serving `folder`; stopped by the caller.
    static func startFileServer(_ folder: String) async throws -> (Process, Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", folder]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let handle = output.fileHandleForReading
        var text = ""
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            text += String(decoding: handle.availableData, as: UTF8.self)
            if let range = text.range(of: #"port [0-9]+"#, options: .regularExpression), let port = Int(text[range].dropFirst(5)) {
                return (process, port)
            }
        }
        process.terminate()
        throw SpoolError(.io, "the HTTP file server did not start: \(text)")
    }

    @Test func urlInputsAreFetchedFromAllowedHostsOnly() async throws {
        let fixture = try SpoolFixture()
        let served = fixture.directory + "/served"
        try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
        try fixture.makeSpeechWAV(served + "/remote.wav", text: SpoolFixture.paragraphs[0])
        let (server, port) = try await Self.startFileServer(served)
        defer { server.terminate() }
        try fixture.startDaemon(["--allow-host", "127.0.0.1"])
        try fixture.drop("fetched.json", #"{"kind": "mp3", "audioUrl": "http://127.0.0.1:\#(port)/remote.wav"}"#)
        try fixture.drop("elsewhere.json", #"{"kind": "mp3", "audioUrl": "http://localhost:\#(port)/remote.wav"}"#)
        try fixture.drop("missing.json", #"{"kind": "mp3", "audioUrl": "http://127.0.0.1:\#(port)/nope.wav"}"#)

        let fetched = try await fixture.waitForFinal("fetched")
        #expect(fetched.status == .completed, "\(fetched.error ?? "")")
        let size = try #require(try FileOps.info(served + "/remote.wav")).size
        #expect(fetched.fetched?.first?.bytes == size)
        #expect(fetched.fetched?.first?.field == "input", "audioUrl is folded into input")
        #expect(abs((fetched.input?.durationSeconds ?? 0) - (try Probe(served + "/remote.wav").decodedSeconds)) < 0.01)
        // The fetched copy does not outlive the job.
        #expect(fixture.names(in: fixture.layout.jobFolder("fetched", in: .done)).allSatisfy { $0 != "fetched" })

        let refused = try await fixture.waitForFinal("elsewhere.rejected")
        #expect(refused.errorCode == "host-not-allowed")
        #expect(refused.errorField == "audioUrl")

        let missing = try await fixture.waitForFinal("missing")
        #expect(missing.status == .failed)
        #expect(missing.errorCode == "fetch-failed")
        #expect(missing.error?.contains("404") == true, "\(missing.error ?? "")")
        #expect(missing.attempts == 1, "a 404 is not worth another attempt")
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func aBatchFileBecomesJobsListedTogether() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("t.wav", seconds: 1)
        try fixture.startDaemon(["--http", "127.0.0.1:0"])
        let upload = fixture.directory + "/chapter3.json"
        try fixture.write(
            #"[{"kind": "mp3", "input": "t.wav"}, {"kind": "mp3", "input": "t.wav", "options": {"format": "m4a"}}, {"kind": "mp3", "input": "t.wav", "options": {"bitrate": 7}}]"#,
            to: upload)
        #expect(try SpoolFixture.run("rsync", [upload, fixture.layout.inbox + "/"]).status == 0)
        let first = try await fixture.waitForFinal("chapter3-1")
        let second = try await fixture.waitForFinal("chapter3-2")
        let third = try await fixture.waitForFinal("chapter3-3.rejected")
        #expect(first.status == .completed && second.status == .completed, "\(first.error ?? "") \(second.error ?? "")")
        #expect([first.batchIndex, second.batchIndex, third.batchIndex] == [1, 2, 3])
        #expect([first.batchId, second.batchId, third.batchId] == ["chapter3", "chapter3", "chapter3"])
        #expect(third.errorField == "options.bitrate")

        try await fixture.waitFor("the ledger has the batch") {
            let list = (try? fixture.mediaspool(["list", "--spool", fixture.layout.root, "--batch", "chapter3", "--json"]).stdout) ?? ""
            return list.components(separatedBy: "\"batchId\":\"chapter3\"").count - 1 == 3
        }
        let base = try await fixture.httpBase()
        let api = try HTTPClient.request(base + "/api/jobs?batch=chapter3")
        let listed = try JSONSerialization.jsonObject(with: api.body) as? [String: Any]
        #expect((listed?["jobs"] as? [[String: Any]])?.count == 3)
        let page = try HTTPClient.request(base + "/?batch=chapter3")
        #expect(page.text.contains("Batch <b>chapter3</b>"))
        #expect(page.text.contains("batch chapter3 · 2"))
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func identicalWorkIsDoneOnce() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeSpeechWAV(fixture.layout.media + "/same.wav", text: SpoolFixture.paragraphs[2])
        try fixture.startDaemon()
        let job = #""kind": "mp3", "input": "same.wav", "options": {"bitrate": 96}, "tags": {"title": "Same"}"#
        try fixture.drop("first.json", "{\(job)}")
        let first = try await fixture.waitForFinal("first")
        #expect(first.status == .completed)
        #expect(first.cache?.hit == false)
        let key = try #require(first.cache?.key)
        #expect(try String(contentsOfFile: fixture.layout.root + "/cache/" + key, encoding: .utf8) == "first\n")

        try fixture.drop("second.json", "{\(job)}")
        let second = try await fixture.waitForFinal("second")
        #expect(second.status == .completed)
        #expect(second.cache == CacheInfo(key: key, hit: true, sourceJobId: "first"))
        let firstPath = fixture.layout.jobFolder("first", in: .done) + "/first.mp3"
        let secondPath = fixture.layout.jobFolder("second", in: .done) + "/second.mp3"
        var a = stat()
        var b = stat()
        #expect(stat(firstPath, &a) == 0 && stat(secondPath, &b) == 0)
        #expect(a.st_ino == b.st_ino, "a cache hit is a hard link")
        #expect(second.outputs.first?.sha256 == first.outputs.first?.sha256)
        #expect(second.outputs.first?.name == "second.mp3")
        #expect(second.export == first.export)

        // Different options, or cache: false, do the work.
        try fixture.drop("other.json", #"{"kind": "mp3", "input": "same.wav", "options": {"bitrate": 64}}"#)
        try fixture.drop(
            "optout.json", #"{"kind": "mp3", "input": "same.wav", "options": {"bitrate": 96, "cache": false}, "tags": {"title": "Same"}}"#)
        #expect(try await fixture.waitForFinal("other").cache?.hit == false)
        #expect(try await fixture.waitForFinal("optout").cache == nil)

        // The cache survives a restart; gc forgets an entry with its job.
        #expect(try await fixture.stopDaemon() == 0)
        try fixture.startDaemon()
        try fixture.drop("third.json", "{\(job)}")
        #expect(try await fixture.waitForFinal("third").cache?.hit == true)
        #expect(try await fixture.stopDaemon() == 0)
        try await Task.sleep(for: .seconds(1.1))
        #expect(try fixture.mediaspool(["gc", "--spool", fixture.layout.root, "--older-than", "1s"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: fixture.layout.root + "/cache/" + key))
        try fixture.startDaemon()
        try fixture.drop("fourth.json", "{\(job)}")
        let fourth = try await fixture.waitForFinal("fourth")
        #expect(fourth.cache?.hit == false)
        #expect(try await fixture.stopDaemon() == 0)
    }
}
