import Foundation
import SpoolCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Workers serve several jobs (a fresh process costs FFmpeg's ~180 shared libraries), but never
/// more than --worker-max-use, and never another job after one that did not complete.
@Suite("Worker reuse", .serialized)
struct WorkerPoolTests {
    func workersStarted(_ fixture: SpoolFixture) -> Int {
        fixture.daemonLog.components(separatedBy: "worker started").count - 1
    }

    func runInOrder(_ fixture: SpoolFixture, _ jobs: [(String, String)]) async throws -> [JobStatus] {
        var statuses: [JobStatus] = []
        for (id, input) in jobs {
            try fixture.drop(id + ".json", #"{"kind": "mp3", "input": "\#(input)"}"#)
            statuses.append(try await fixture.waitForFinal(id))
        }
        return statuses
    }

    @Test func oneWorkerServesManyJobs() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 1)
        // A long idle time: while synchronous media tests hold the test threads, the next drop may come late.
        try fixture.startDaemon(["--workers", "1", "--worker-idle-seconds", "600"])
        let statuses = try await runInOrder(fixture, (0..<5).map { ("reuse\($0)", "tone.wav") })
        #expect(statuses.allSatisfy { $0.status == .completed })
        #expect(workersStarted(fixture) == 1, "\(fixture.daemonLog)")
        // Each job has its own measurements and its own log, and no stale worker pid.
        #expect(statuses.allSatisfy { ($0.resources?.peakMemoryBytes ?? 0) > 1_000_000 && $0.workerPid == nil })
        for index in 0..<5 {
            #expect(FileManager.default.fileExists(atPath: fixture.layout.jobFolder("reuse\(index)", in: .done) + "/log.txt"))
        }
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func workersAreReplacedAfterMaxUseAndAfterAFailure() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 1)
        // A WAV header with no data chunk: FFmpeg logs "no 'data' tag found" and gives up.
        var header = Data("RIFF".utf8) + Data([0x24, 0, 0, 0]) + Data("WAVEfmt ".utf8)
        header += Data([0x10, 0, 0, 0, 1, 0, 2, 0, 0x44, 0xAC, 0, 0]) + Data(repeating: 0x5A, count: 20_000)
        try header.write(to: URL(fileURLWithPath: fixture.layout.media + "/bad.wav"))
        try fixture.startDaemon(["--workers", "1", "--worker-max-use", "2"])
        let statuses = try await runInOrder(
            fixture, [("a", "tone.wav"), ("b", "tone.wav"), ("c", "tone.wav"), ("broken", "bad.wav"), ("d", "tone.wav")])
        #expect(statuses.map(\.status) == [.completed, .completed, .completed, .failed, .completed])
        // a+b on the first worker, c+broken on the second (retired after the failure), d on a third.
        #expect(workersStarted(fixture) == 3)
        // The failed job's log holds the decoder's complaint; the next job's log does not.
        let brokenLog = try String(contentsOfFile: fixture.layout.jobFolder("broken", in: .failed) + "/log.txt", encoding: .utf8)
        let nextLog = try String(contentsOfFile: fixture.layout.jobFolder("d", in: .done) + "/log.txt", encoding: .utf8)
        #expect(brokenLog.contains("[wav @"), "\(brokenLog)")
        #expect(!nextLog.contains("[wav @"), "\(nextLog)")
        #expect(try await fixture.stopDaemon() == 0)
    }
}

extension WorkerPoolTests {
    /// librsvg and GLib keep what a carousel loaded for the life of the process, and x264 leaves
    /// a video's freed buffers scattered over the heap, so the worker that made either is
    /// retired; the next job gets a fresh process.
    @Test(arguments: [
        #"{"kind": "carousel", "transcript": "One slide of text. Then another sentence."}"#,
        #"{"kind": "mp4", "input": "tone.wav", "transcript": "A short caption.", "options": {"preset": "ultrafast"}}"#,
    ])
    func aVisualJobRetiresItsWorker(job: String) async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 1)
        try fixture.startDaemon(["--workers", "1", "--worker-idle-seconds", "600"])
        _ = try await runInOrder(fixture, [("before", "tone.wav")])
        try fixture.drop("visual.json", job)
        #expect(try await fixture.waitForFinal("visual").status == .completed)
        #expect(workersStarted(fixture) == 1, "the visual job ran on the mp3's worker")
        let after = try await runInOrder(fixture, [("after", "tone.wav"), ("again", "tone.wav")])
        #expect(after.allSatisfy { $0.status == .completed })
        #expect(workersStarted(fixture) == 2, "\(fixture.daemonLog)")
        #expect(try await fixture.stopDaemon() == 0)
    }
}

extension WorkerPoolTests {
    /// An idle worker killed (the OOM killer, an operator) is noticed and replaced.
    @Test func anIdleWorkerKilledIsReplaced() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 1)
        let daemon = try fixture.startDaemon(["--workers", "1"])
        _ = try await runInOrder(fixture, [("first", "tone.wav")])
        let line = try #require(fixture.daemonLog.split(separator: "\n").first { $0.contains("worker started") })
        let pid = try #require(
            line.split(separator: " ").first { $0.hasPrefix("worker.pid=") }.flatMap { Int32($0.dropFirst("worker.pid=".count)) })
        // Workers run the worker alone, the executable built beside mediaspool.
        let command = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")).split(separator: 0).map {
            String(decoding: $0, as: UTF8.self)
        }
        #expect(command.first?.hasSuffix("/mediaspool-worker") == true && command.dropFirst().first == "work", "\(command)")
        #expect(kill(pid, SIGKILL) == 0)
        try await Task.sleep(for: .milliseconds(200))
        let statuses = try await runInOrder(fixture, [("second", "tone.wav"), ("third", "tone.wav")])
        #expect(statuses.allSatisfy { $0.status == .completed && $0.attempts == 1 })
        #expect(daemon.isRunning)
        #expect(workersStarted(fixture) == 2)
        #expect(try await fixture.stopDaemon() == 0)
    }
}
