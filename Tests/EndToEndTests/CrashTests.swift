import Foundation
import SpoolCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A crash or kill at any moment leaves every job whole in exactly one state, and the daemon
/// resumes it on restart; one daemon per spool; SIGTERM drains or requeues.
@Suite("Crashes, kills and shutdowns", .serialized)
struct CrashTests {
    /// Starts the long recording as job `id`, waits until its worker is well into it and stops
    /// the worker there (SIGSTOP), so the job is still mid-encode whenever the test gets to act;
    /// returns the worker's pid (SIGCONT lets it go on). The wait runs on a Dispatch thread: the
    /// synchronous media tests beside it can hold the test threads for longer than the encode.
    func startLongJob(_ fixture: SpoolFixture, _ id: String, extra: String = "") async throws -> pid_t {
        try LongRecording.place(into: fixture, as: "long.flac")
        try fixture.drop(id + ".json", #"{"kind": "mp3", "input": "long.flac"\#(extra)}"#)
        return try await fixture.signalWorker(of: id, SIGSTOP)
    }

    /// Exactly one state, one verified output, nothing left half-written anywhere.
    func expectWholeAndOnce(_ fixture: SpoolFixture, _ id: String) throws {
        let states = JobState.allCases.filter { FileManager.default.fileExists(atPath: fixture.layout.jobFolder(id, in: $0)) }
        #expect(states == [.done])
        let folder = fixture.layout.jobFolder(id, in: .done)
        #expect(fixture.names(in: folder).filter { $0.hasSuffix(".mp3") || $0.hasSuffix(".part") } == ["\(id).mp3"])
        let probe = try Probe(folder + "/\(id).mp3")
        #expect(abs(probe.decodedSeconds - LongRecording.seconds) <= probe.frameSeconds)
        let leftovers = try SpoolFixture.run("find", [fixture.layout.root, "-name", "*.part", "-o", "-name", "*.tmp"])
        #expect(leftovers.stdout.isEmpty)
    }

    @Test func killingTheDaemonMidEncodeLosesNothing() async throws {
        let fixture = try SpoolFixture()
        try fixture.startDaemon()
        let worker = try await startLongJob(fixture, "crash")
        try await fixture.killDaemon()
        kill(worker, SIGCONT)
        // The worker ends with its daemon (POLLERR on its report pipe), so no orphan keeps writing.
        try await fixture.waitFor("the orphaned worker to die", timeout: 10) { kill(worker, 0) != 0 }
        #expect(fixture.state(of: "crash") == .processing)

        try fixture.startDaemon()
        let status = try await fixture.waitForFinal("crash", timeout: 180)
        #expect(status.status == .completed, "\(status.error ?? "")")
        #expect(status.attempts == 2)
        try expectWholeAndOnce(fixture, "crash")
        #expect(fixture.daemonLog.contains("job requeued after an interruption"))
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func killingAWorkerRetriesTheJob() async throws {
        let fixture = try SpoolFixture()
        try fixture.startDaemon()
        let worker = try await startLongJob(fixture, "victim")
        kill(worker, SIGKILL)
        let status = try await fixture.waitForFinal("victim", timeout: 180)
        #expect(status.status == .completed, "\(status.error ?? "")")
        #expect(status.attempts == 2)
        #expect(fixture.daemonLog.contains("killed by signal 9"))
        try expectWholeAndOnce(fixture, "victim")
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func aSecondDaemonIsRefused() async throws {
        let fixture = try SpoolFixture()
        let first = try fixture.startDaemon()
        try await fixture.waitFor("the first daemon to start") { fixture.daemonLog.contains("scheduler started") }
        let second = try fixture.mediaspool(["run", "--spool", fixture.layout.root])
        #expect(second.status == 75)
        #expect(second.stderr.contains("another mediaspool daemon (pid \(first.processIdentifier)) is running"))
        #expect(first.isRunning)
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func sigtermRequeuesWhatCannotFinishInTheGracePeriod() async throws {
        let fixture = try SpoolFixture()
        try fixture.startDaemon(["--grace-seconds", "1"])
        let worker = try await startLongJob(fixture, "drain")
        kill(worker, SIGCONT)
        #expect(try await fixture.stopDaemon() == 0)
        let pending = try #require(fixture.status(of: "drain"))
        #expect(fixture.state(of: "drain") == .pending)
        #expect(pending.attempts == 0)
        #expect(pending.lastError?.contains("shutdown") == true)
        #expect(
            fixture.names(in: fixture.layout.jobFolder("drain", in: .pending)).allSatisfy {
                !$0.hasSuffix(".mp3") && !$0.hasSuffix(".part")
            })

        try fixture.startDaemon()
        let status = try await fixture.waitForFinal("drain", timeout: 180)
        #expect(status.status == .completed)
        #expect(status.attempts == 1)
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func aJobPastItsTimeoutFails() async throws {
        let fixture = try SpoolFixture()
        try fixture.startDaemon()
        try LongRecording.place(into: fixture, as: "long.flac")
        try fixture.drop("slow.json", #"{"kind": "mp3", "input": "long.flac", "timeoutSeconds": 1, "maxAttempts": 2}"#)
        let status = try await fixture.waitForFinal("slow", timeout: 60)
        #expect(status.status == .failed)
        #expect(status.errorCode == "timeout")
        #expect(status.attempts == 2)
        #expect(
            fixture.names(in: fixture.layout.jobFolder("slow", in: .failed)).allSatisfy { !$0.hasSuffix(".mp3") && !$0.hasSuffix(".part") })
        #expect(try await fixture.stopDaemon() == 0)
    }
}
