import Foundation
import SpoolCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Running unattended: a silent worker is stopped and its job retried, a job that keeps
/// crashing its worker stops being tried, users take turns and keep to their quotas, only
/// allowed owners may submit, and jobs wait while the disk is short of space.
@Suite("Unattended operation", .serialized)
struct UnattendedTests {
    @Test func aSilentWorkerIsStoppedAndItsJobRetried() async throws {
        let fixture = try SpoolFixture()
        try LongRecording.place(into: fixture, as: "long.flac")
        try fixture.startDaemon(["--workers", "1", "--stall-seconds", "4", "--retry-seconds", "1"])
        try fixture.drop("hang.json", #"{"kind": "mp3", "input": "long.flac"}"#)
        // SIGSTOP: the worker lives but says nothing, as a wedged decoder would.
        _ = try await fixture.signalWorker(of: "hang", attempt: 1, SIGSTOP)
        let status = try await fixture.waitForFinal("hang", timeout: 180)
        #expect(status.status == .completed)
        #expect(status.attempts == 2)
        #expect(status.crashes == 1)
        #expect(status.lease == nil)
        #expect(fixture.daemonLog.contains("sent no report for 4 s"), "\(fixture.daemonLog.suffix(3000))")
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func aJobThatKeepsCrashingItsWorkerFailsAsCrashedRepeatedly() async throws {
        let fixture = try SpoolFixture()
        try LongRecording.place(into: fixture, as: "long.flac")
        try fixture.startDaemon(["--workers", "1", "--max-crashes", "2", "--retry-seconds", "0.2"])
        try fixture.drop("boom.json", #"{"kind": "mp3", "input": "long.flac", "maxAttempts": 5}"#)
        _ = try await fixture.signalWorker(of: "boom", attempt: 1, SIGKILL)
        _ = try await fixture.signalWorker(of: "boom", attempt: 2, SIGKILL)
        let status = try await fixture.waitForFinal("boom", timeout: 120)
        #expect(status.status == .failed)
        #expect(status.errorCode == "crashed-repeatedly")
        #expect(status.attempts == 2, "attempts remained, but crashes are capped apart")
        #expect(status.error?.contains("2 times") == true, "\(status.error ?? "")")
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func usersTakeTurnsAndKeepToTheirQuota() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 1)
        // All in the inbox before the daemon starts: one intake round, alice's first.
        for index in 0..<4 {
            try fixture.drop("a\(index).json", #"{"kind": "mp3", "input": "tone.wav", "userId": "alice"}"#)
        }
        try fixture.drop("b0.json", #"{"kind": "mp3", "input": "tone.wav", "userId": "bob"}"#)
        try fixture.startDaemon(["--workers", "1"])
        var started: [(String, Timestamp)] = []
        for id in ["a0", "a1", "a2", "a3", "b0"] {
            let status = try await fixture.waitForFinal(id)
            #expect(status.status == .completed)
            started.append((id, try #require(status.startedAt)))
        }
        let order = started.sorted { $0.1 < $1.1 }.map(\.0)
        #expect(order.firstIndex(of: "b0")! <= 1, "bob waited for all of alice's jobs: \(order)")
        #expect(try await fixture.stopDaemon() == 0)

        // No job runs (--workers 0): alice may have two waiting, the third is refused; bob is not affected.
        try fixture.startDaemon(["--workers", "0", "--user-max-pending", "2"])
        for index in 0..<3 {
            try fixture.drop("q\(index).json", #"{"kind": "mp3", "input": "tone.wav", "userId": "alice"}"#)
            try await fixture.waitFor("q\(index) taken in") { fixture.names(in: fixture.layout.inbox).isEmpty }
        }
        try fixture.drop("bob.json", #"{"kind": "mp3", "input": "tone.wav", "userId": "bob"}"#)
        try await fixture.waitFor("bob's job pending") { fixture.state(of: "bob") == .pending }
        #expect(fixture.state(of: "q0") == .pending && fixture.state(of: "q1") == .pending)
        let refused = try #require(StatusFile.read(from: fixture.layout.jobFolder("q2.rejected", in: .failed)))
        #expect(refused.errorCode == "quota-exceeded")
        #expect(refused.errorField == "userId")
        #expect(refused.error?.contains("user \"alice\" has 2 jobs waiting or running") == true, "\(refused.error ?? "")")
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func onlyAllowedOwnersMaySubmit() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 1)
        try fixture.startDaemon(["--allow-group", "nogroup"])
        // Written elsewhere, given away, then renamed in: as a client's rsync would land it.
        for (name, owner) in [("member", "65534"), ("stranger", "54321")] {
            let path = fixture.layout.root + "/\(name).json"
            try fixture.write(#"{"kind": "mp3", "input": "tone.wav"}"#, to: path)
            #expect(chown(path, uid_t(owner)!, gid_t(owner)!) == 0)
            #expect(rename(path, fixture.layout.inbox + "/\(name).json") == 0)
        }
        #expect(try await fixture.waitForFinal("member").status == .completed)
        #expect(try await fixture.status(of: "member")?.source?.submittedBy == 65534)
        try await fixture.waitFor("the stranger's drop rejected") { fixture.state(of: "stranger.rejected") == .failed }
        let refused = try #require(fixture.status(of: "stranger.rejected"))
        #expect(refused.errorCode == "forbidden")
        #expect(refused.error?.contains("uid 54321") == true, "\(refused.error ?? "")")
        #expect(refused.source?.submittedBy == 54321)
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func jobsWaitWhileTheDiskIsShortOfSpace() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 1)
        // A floor no disk meets: the job is accepted but never started, and /healthz and
        // systemd's STATUS= say why.
        let manager = try DatagramCollector(address: DatagramCollector.temporaryPath("notify"))
        defer { manager.stop() }
        try fixture.startDaemon(["--min-free-mb", "100000000"], environment: ["NOTIFY_SOCKET": manager.address])
        try fixture.drop("wait.json", #"{"kind": "mp3", "input": "tone.wav"}"#)
        let base = try await fixture.httpBase()
        try await fixture.waitFor("/healthz to report the wait") {
            ((try? HTTPClient.request(base + "/healthz"))?.text ?? "").contains("waiting for disk space")
        }
        let health = try HTTPClient.request(base + "/healthz")
        #expect(health.status == 503)
        #expect(health.text.contains("job wait needs"), "\(health.text)")
        #expect(fixture.state(of: "wait") == .pending)
        #expect(fixture.daemonLog.contains("jobs wait for disk space"))
        try await fixture.waitFor("a STATUS= with the wait") {
            manager.messages.contains { $0.hasPrefix("STATUS=1 pending, 0 processing") && $0.contains("; waiting for disk space: ") }
        }
        // The separate HTTP view (mediaspool-http.service) says it too, from the ledger's heartbeat.
        let (serve, serveBase) = try await fixture.startServe()
        defer { serve.terminate() }
        try await fixture.waitFor("serve's /healthz to report the wait") {
            ((try? HTTPClient.request(serveBase + "/healthz"))?.text ?? "").contains("job wait needs")
        }
        #expect(try HTTPClient.request(serveBase + "/healthz").status == 503)
        #expect(try await fixture.stopDaemon() == 0)
    }
}
