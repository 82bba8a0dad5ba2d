import Foundation
import SpoolCore
import Testing

/// A person drops a job the ways clients do, and gets an MP3 that players read correctly.
@Suite("Drop a job, get an MP3", .serialized)
struct DropAndEncodeTests {
    @Test func rsyncAJobAndItsAudio() async throws {
        let fixture = try SpoolFixture()
        let upload = fixture.directory + "/upload"
        try FileManager.default.createDirectory(atPath: upload, withIntermediateDirectories: true)
        let tone = try SpoolFixture.run(
            "sox", ["-n", "-r", "48000", "-c", "2", upload + "/ep42.wav", "synth", "3.5", "sine", "440", "vol", "0.5"])
        try #require(tone.status == 0)
        try fixture.write(
            #"{"id": "ep42-mp3", "kind": "mp3", "input": "interviews/ep42.wav", "options": {"bitrate": 192, "sampleRate": 44100, "channels": 1}, "tags": {"title": "Épisode 42", "artist": "Ada", "custom": "kept"}, "userId": "user_123"}"#,
            to: upload + "/ep42.json")
        try fixture.startDaemon()
        // The audio first, then the job, exactly as a client would (rsync writes .ep42.json.XXXXXX, then renames).
        try FileManager.default.createDirectory(atPath: fixture.layout.media + "/interviews", withIntermediateDirectories: true)
        #expect(try SpoolFixture.run("rsync", ["-a", upload + "/ep42.wav", fixture.layout.media + "/interviews/"]).status == 0)
        #expect(try SpoolFixture.run("rsync", ["-a", upload + "/ep42.json", fixture.layout.inbox + "/"]).status == 0)

        let status = try await fixture.waitForFinal("ep42-mp3")
        #expect(status.status == .completed, "\(status.error ?? "")")
        #expect(status.attempts == 1)
        #expect(status.progress == 1)
        #expect(status.userId == "user_123")
        #expect(status.outputUrl == "/files/ep42-mp3/ep42-mp3.mp3")
        let output = try #require(status.outputs.first)
        #expect(output.mimeType == "audio/mpeg")
        #expect(status.outputSize == output.size)
        let path = fixture.layout.jobFolder("ep42-mp3", in: .done) + "/ep42-mp3.mp3"
        #expect(try FileOps.info(path)?.size == output.size)
        let digest = try SpoolFixture.run("sha256sum", [path]).stdout.prefix(64)
        #expect(String(digest) == output.sha256)

        let probe = try Probe(path)
        #expect(probe.codec == "mp3")
        #expect(probe.sampleRate == 44100)
        #expect(probe.channels == 1)
        #expect(probe.bitRate == 192_000)
        #expect(abs(probe.decodedSeconds - 3.5) <= probe.frameSeconds, "decoded \(probe.decodedSeconds) s")
        #expect(abs((output.durationSeconds ?? 0) - 3.5) <= probe.frameSeconds)
        #expect(probe.tags["title"] == "Épisode 42")
        #expect(probe.tags["artist"] == "Ada")
        #expect(probe.tags["custom"] == "kept")
        #expect(status.input?.sampleRate == 48000)
        #expect(status.input?.channels == 2)
        #expect(abs((status.input?.durationSeconds ?? 0) - 3.5) < 0.01)
        #expect((status.resources?.peakMemoryBytes ?? 0) > 0)
        #expect(fixture.names(in: fixture.layout.inbox).isEmpty)
        #expect(
            fixture.names(in: fixture.layout.jobFolder("ep42-mp3", in: .done)) == [
                "ep42-mp3.mp3", "job.json", "log.txt", "source.json", "status.json",
            ])
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func writeThenRenameAndVBR() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 2, rate: 22050, channels: 1)
        try fixture.startDaemon()
        try fixture.drop("vbr.json", #"{"kind": "mp3", "input": "tone.wav", "options": {"vbrQuality": 4}}"#)
        let status = try await fixture.waitForFinal("vbr")
        #expect(status.status == .completed, "\(status.error ?? "")")
        let probe = try Probe(fixture.layout.jobFolder("vbr", in: .done) + "/vbr.mp3")
        #expect(probe.sampleRate == 22050)
        #expect(probe.channels == 1)
        #expect(abs(probe.decodedSeconds - 2) <= probe.frameSeconds)
        #expect(try await fixture.stopDaemon() == 0)
    }

    /// `printf > file`, a second's pause, then `>> file`: the first close leaves half a JSON
    /// document in the inbox. It must wait, not fail.
    @Test func jobWrittenInTwoChunksASecondApart() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 1)
        try fixture.startDaemon()
        let path = fixture.layout.inbox + "/chunked.json"
        let result = try SpoolFixture.run(
            "sh", ["-c", #"printf '{"kind": "mp3", ' > "$1"; sleep 1; printf '"input": "tone.wav"}' >> "$1""#, "sh", path])
        #expect(result.status == 0)
        let status = try await fixture.waitForFinal("chunked")
        #expect(status.status == .completed, "\(status.error ?? "")")
        #expect(fixture.names(in: fixture.layout.folder(.failed)).isEmpty)
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func jobsDroppedWhileTheDaemonIsDownRunOnStart() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 1)
        for index in 0..<5 {
            try fixture.drop("early\(index).json", #"{"kind": "mp3", "input": "tone.wav", "priority": \#(index)}"#)
        }
        try fixture.startDaemon(["--workers", "1"])
        for index in 0..<5 { try await fixture.waitForFinal("early\(index)") }
        let started = (0..<5).compactMap { fixture.status(of: "early\($0)")?.startedAt }
        // One worker, so they ran one at a time: highest priority first.
        #expect(started == started.sorted(by: >))
        #expect(try await fixture.stopDaemon() == 0)
    }

    /// No `priority` in either file: the mp3 dropped after the mp4 still runs first on the one
    /// worker (kind defaults 10 and −10), and status.json, the ledger and `status` say so.
    @Test func aQueuedMP3OvertakesAQueuedMP4OnOneWorker() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 1)
        try fixture.startDaemon(["--workers", "0"])
        try fixture.drop("video.json", #"{"kind": "mp4", "input": "tone.wav"}"#)
        try await fixture.waitFor("the video to queue") { fixture.state(of: "video") == .pending }
        try fixture.drop("audio.json", #"{"kind": "mp3", "input": "tone.wav"}"#)
        try await fixture.waitFor("the audio to queue") { fixture.state(of: "audio") == .pending }
        #expect(try await fixture.stopDaemon() == 0)
        #expect(fixture.status(of: "video")?.priority == -10 && fixture.status(of: "audio")?.priority == 10)

        try fixture.startDaemon(["--workers", "1"])
        let audio = try await fixture.waitForFinal("audio")
        let video = try await fixture.waitForFinal("video", timeout: 120)
        #expect(audio.status == .completed && video.status == .completed, "\(fixture.daemonLog.suffix(2000))")
        #expect(video.createdAt < audio.createdAt)
        #expect(try #require(audio.startedAt) < #require(video.startedAt), "the mp3 ran first")
        let shown = try fixture.mediaspool(["status", "--spool", fixture.layout.root, "video"])
        #expect(shown.stdout.contains("priority   -10"), "\(shown.stdout)")
        try await fixture.waitFor("the ledger to hold both") {
            let list = try? fixture.mediaspool(["list", "--spool", fixture.layout.root, "--state", "done", "--json"])
            return list?.stdout.contains("\"video\"") == true && list?.stdout.contains("\"audio\"") == true
        }
        let list = try fixture.mediaspool(["list", "--spool", fixture.layout.root, "--json"])
        let jobs =
            try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])["jobs"] as? [[String: Any]]
        let priorities = Dictionary(uniqueKeysWithValues: (jobs ?? []).map { ($0["jobId"] as? String ?? "", $0["priority"] as? Int) })
        #expect(priorities == ["audio": 10, "video": -10])
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func submitWaitStatusAndCheck() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 1)
        try fixture.startDaemon()
        let good = fixture.directory + "/good.json"
        try fixture.write(#"{"kind": "mp3", "input": "tone.wav"}"#, to: good)
        let submitted = try fixture.mediaspool(["submit", "--spool", fixture.layout.root, "--wait", good])
        #expect(submitted.status == 0, "\(submitted.stderr)")
        #expect(submitted.stdout.contains("good: completed"))

        let status = try fixture.mediaspool(["status", "--spool", fixture.layout.root, "good"])
        #expect(status.status == 0)
        #expect(status.stdout.contains("completed"))
        let json = try fixture.mediaspool(["status", "--spool", fixture.layout.root, "good", "--json"])
        #expect(try StatusFile.decode(Array(json.stdout.utf8)).status == .completed)
        #expect(try fixture.mediaspool(["status", "--spool", fixture.layout.root, "nothing"]).status == 1)

        // A job that fails while running: --wait exits non-zero and says why.
        let missing = fixture.directory + "/missing.json"
        try fixture.write(#"{"kind": "mp3", "input": "not-there.wav"}"#, to: missing)
        let failed = try fixture.mediaspool(["submit", "--spool", fixture.layout.root, "--wait", missing])
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("input-not-found"))

        // An invalid file is refused before it reaches the spool.
        let bad = fixture.directory + "/bad.json"
        try fixture.write(#"{"kind": "mp3", "input": "tone.wav", "options": {"bitrate": 999}}"#, to: bad)
        let refused = try fixture.mediaspool(["submit", "--spool", fixture.layout.root, bad])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("options.bitrate"))
        #expect(!FileManager.default.fileExists(atPath: fixture.layout.inbox + "/bad.json"))

        let check = try fixture.mediaspool(["check", "--spool", fixture.layout.root, good, bad])
        #expect(check.status == 1)
        #expect(check.stdout.contains("good.json: ok (id good, kind mp3)"))
        #expect(check.stdout.contains("bad.json: options.bitrate: must be one of"))
        #expect(try fixture.mediaspool(["check", good]).status == 0)

        let schema = try fixture.mediaspool(["schema"])
        #expect(schema.status == 0)
        #expect(try JSONSerialization.jsonObject(with: Data(schema.stdout.utf8)) is [String: Any])
        #expect(try await fixture.stopDaemon() == 0)
    }
}

extension DropAndEncodeTests {
    /// Absolute paths and file:// URLs work inside an --allow-root folder, and nowhere else.
    @Test func absoluteInputsInsideAnAllowedRoot() async throws {
        let fixture = try SpoolFixture()
        let archive = fixture.directory + "/archive dir"
        try FileManager.default.createDirectory(atPath: archive, withIntermediateDirectories: true)
        #expect(
            try SpoolFixture.run("sox", ["-n", "-r", "16000", "-c", "1", archive + "/old.wav", "synth", "1", "sine", "300"]).status == 0)
        try fixture.startDaemon(["--allow-root", archive])
        try fixture.drop("absolute.json", #"{"kind": "mp3", "input": "\#(archive)/old.wav"}"#)
        try fixture.drop("url.json", #"{"kind": "mp3", "input": "file://\#(archive.replacingOccurrences(of: " ", with: "%20"))/old.wav"}"#)
        try fixture.drop("outside.json", #"{"kind": "mp3", "input": "\#(fixture.directory)/daemon-1.log"}"#)
        #expect(try await fixture.waitForFinal("absolute").status == .completed)
        #expect(try await fixture.waitForFinal("url").status == .completed)
        try await fixture.waitFor("the outside path to be rejected") { fixture.state(of: "outside.rejected") == .failed }
        #expect(fixture.status(of: "outside.rejected")?.errorCode == "invalid-path")
        #expect(try await fixture.stopDaemon() == 0)
    }
}

extension DropAndEncodeTests {
    /// On a terminal, `submit --wait` draws a progress bar (run under `script`, which gives it a pty).
    @Test func submitWaitDrawsAProgressBarOnATerminal() async throws {
        let fixture = try SpoolFixture()
        try LongRecording.place(into: fixture, as: "long.flac")
        try fixture.startDaemon()
        let job = fixture.directory + "/long.json"
        try fixture.write(#"{"kind": "mp3", "input": "long.flac"}"#, to: job)
        let command = "\(SpoolFixture.binary) submit --spool '\(fixture.layout.root)' --wait '\(job)'"
        let result = try SpoolFixture.run("script", ["-qefc", command, "/dev/null"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("long [###"), "\(result.stdout.suffix(500))")
        #expect(result.stdout.contains("% encoding"))
        #expect(result.stdout.contains("long: completed"))
        #expect(try await fixture.stopDaemon() == 0)
    }
}
