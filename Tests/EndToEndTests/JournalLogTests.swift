import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Under systemd, stderr is the journal's stream (`$JOURNAL_STREAM`) and the daemon writes
/// native entries instead of lines: the test stands in for journald's socket.
@Suite("Journal logging")
struct JournalLogTests {
    @Test func daemonWritesOneEntryPerTransitionWithJobFields() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 30)
        let journal = try DatagramCollector(address: DatagramCollector.temporaryPath("journal"))
        defer { journal.stop() }
        let daemon = try fixture.startDaemon(["--no-http"], journal: journal.address)
        var entries: [[String: String]] { journal.datagrams.compactMap(JournalFields.dictionary) }
        try await fixture.waitFor("the scheduler to start") { entries.contains { $0["MESSAGE"] == "scheduler started" } }

        try fixture.drop("ep42.json", #"{"kind": "mp3", "input": "tone.wav"}"#)
        #expect(try await fixture.waitForFinal("ep42").status == .completed)
        kill(daemon.processIdentifier, SIGTERM)
        try await fixture.waitFor("the daemon to exit") { !daemon.isRunning }
        #expect(daemon.terminationStatus == 0)

        #expect(journal.datagrams.allSatisfy { JournalFields.parse($0) != nil }, "every datagram is a well-formed entry")
        let all = entries
        #expect(all.allSatisfy { $0["SYSLOG_IDENTIFIER"] == "mediaspool" && $0["PRIORITY"] != nil })
        // One entry per transition of the job, none for its progress reports.
        let job = all.filter { $0["JOB_ID"] == "ep42" }
        #expect(job.map { $0["MESSAGE"] ?? "" } == ["job accepted", "job started", "job completed"])
        #expect(job.allSatisfy { $0["JOB_KIND"] == "mp3" && $0["PRIORITY"] == "6" })
        #expect(job.first?["FILE"] == "ep42.json")
        #expect(all.last?["MESSAGE"] == "mediaspool daemon stopped")
        // Nothing went to stderr as well.
        #expect(fixture.currentDaemonLog.isEmpty, "\(fixture.currentDaemonLog)")
    }

    /// A journal that does not answer loses nothing: the messages come out as plain lines on stderr.
    @Test func withoutJournaldTheLogFallsBackToStderr() async throws {
        let fixture = try SpoolFixture()
        try fixture.startDaemon(["--no-http"], journal: fixture.directory + "/no-journald.sock")
        #expect(try await fixture.stopDaemon() == 0)
        #expect(fixture.currentDaemonLog.contains("mediaspool daemon stopped"))
    }
}
