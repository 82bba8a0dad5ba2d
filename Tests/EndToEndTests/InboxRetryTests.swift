import Foundation
import Ledger
import SpoolCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// DESIGN's control surface: `mv failed/<id> inbox/` retries the job, with the real daemon.
@Suite("Retrying by moving a job folder into the inbox", .serialized)
struct InboxRetryTests {
    func history(_ fixture: SpoolFixture, _ id: String) -> [LedgerEvent] {
        (try? Ledger(path: Ledger.path(in: fixture.layout), readOnly: true).history(of: id)) ?? []
    }

    /// Drops a job whose input is missing and waits for it to fail.
    func failedJob(_ fixture: SpoolFixture, _ id: String, input: String) async throws {
        try fixture.drop("\(id).json", #"{"kind": "mp3", "input": "\#(input)", "userId": "ann"}"#)
        let failed = try await fixture.waitForFinal(id)
        #expect(failed.errorCode == "input-not-found")
    }

    @Test func mvFailedIntoInboxRetriesItAndTheLedgerRecordsIt() async throws {
        let fixture = try SpoolFixture()
        try fixture.startDaemon()
        try await failedJob(fixture, "late", input: "late.wav")
        try fixture.makeTone("late.wav", seconds: 1)
        let move = try SpoolFixture.run("mv", [fixture.layout.jobFolder("late", in: .failed), fixture.layout.inbox + "/"])
        #expect(move.status == 0, "\(move.stderr)")
        let done = try await fixture.waitForFinal("late")
        #expect(done.status == .completed, "\(fixture.daemonLog.suffix(2000))")
        #expect(done.attempts == 1 && done.userId == "ann" && done.outputs.map(\.name) == ["late.mp3"])
        #expect(fixture.names(in: fixture.layout.inbox).isEmpty)

        try await fixture.waitFor("the ledger to record the second run") {
            self.history(fixture, "late").filter { $0.type == "completed" }.count == 1
        }
        #expect(fixture.currentDaemonLog.contains("job retried: its folder was moved into the inbox"))
        let events = history(fixture, "late").filter { $0.type != "progress" }
        #expect(events.map(\.type) == ["accepted", "started", "failed", "retried", "started", "completed"])
        let retried = try #require(events.first { $0.type == "retried" })
        #expect(retried.state == "pending" && retried.message?.hasPrefix("before the retry: input: ") == true)

        // A finished job is not run again: its folder goes back into done/ as it was.
        let before = try String(contentsOfFile: fixture.layout.jobFolder("late", in: .done) + "/status.json", encoding: .utf8)
        try FileOps.renameNoReplace(fixture.layout.jobFolder("late", in: .done), fixture.layout.inbox + "/late")
        try await fixture.waitFor("the finished job to go back") {
            fixture.state(of: "late") == .done && fixture.currentDaemonLog.contains("put back into done/")
        }
        #expect(try String(contentsOfFile: fixture.layout.jobFolder("late", in: .done) + "/status.json", encoding: .utf8) == before)
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func aCopyIsRejectedWholeAndAFolderBeingCopiedIsLeftUntilItIsWhole() async throws {
        let fixture = try SpoolFixture()
        // Rescans every second, so the inbox is looked at several times while rsync copies.
        try fixture.startDaemon(["--rescan-seconds", "1"])
        try await failedJob(fixture, "twice", input: "twice.wav")
        // cp -r leaves the original in failed/: the copy is a duplicate, kept whole.
        let copy = try SpoolFixture.run("cp", ["-r", fixture.layout.jobFolder("twice", in: .failed), fixture.layout.inbox + "/"])
        #expect(copy.status == 0, "\(copy.stderr)")
        try await fixture.waitFor("the copy to be rejected") { fixture.state(of: "twice.rejected") == .failed }
        let rejected = try #require(fixture.status(of: "twice.rejected"))
        #expect(rejected.errorCode == "duplicate-id" && rejected.error?.contains("failed/twice") == true)
        let kept = fixture.layout.jobFolder("twice.rejected", in: .failed) + "/source"
        #expect(StatusFile.read(from: kept)?.errorCode == "input-not-found")
        #expect(fixture.status(of: "twice")?.errorCode == "input-not-found")

        // rsync from elsewhere: the job files come first, then a large file at 256 KB/s. Intake
        // must wait until the folder has stopped changing, not take it once job.json is there.
        let outside = fixture.directory + "/elsewhere"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try FileOps.renameNoReplace(fixture.layout.jobFolder("twice", in: .failed), outside + "/twice")
        try Data(count: 1 << 20).write(to: URL(fileURLWithPath: outside + "/twice/zz-large.bin"))
        try fixture.makeTone("twice.wav", seconds: 1)
        let sync = try await SpoolFixture.runOffPool("rsync", ["-r", "--bwlimit=256", outside + "/twice", fixture.layout.inbox + "/"])
        // rsync fails if the folder it writes into is taken away mid-copy.
        #expect(sync.status == 0, "\(sync.stderr)")
        let done = try await fixture.waitForFinal("twice")
        #expect(done.status == .completed, "\(fixture.daemonLog.suffix(2000))")
        try await fixture.waitFor("the ledger to record the retry") { self.history(fixture, "twice").contains { $0.type == "completed" } }
        let retried = try #require(history(fixture, "twice").first { $0.type == "retried" })
        let largePath = fixture.layout.jobFolder("twice", in: .done) + "/zz-large.bin"
        #expect(try FileOps.info(largePath)?.size == 1 << 20)
        // Taken only once the folder had stopped changing for the settle time (3 s), measured
        // from rsync's last write (the file's mtime: rsync without --times writes it then), not
        // from when this test saw rsync exit, which a loaded machine may report seconds late.
        let lastWrite = try #require(try FileManager.default.attributesOfItem(atPath: largePath)[.modificationDate] as? Date)
        #expect(Double(retried.at) / 1e6 >= lastWrite.timeIntervalSince1970 + 2.5, "taken while rsync was still copying")
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func aRetryInterruptedByACrashIsFinishedAtTheNextStart() async throws {
        let fixture = try SpoolFixture()
        try fixture.startDaemon()
        try await failedJob(fixture, "reset", input: "crash.wav")
        try await failedJob(fixture, "staged", input: "crash.wav")
        #expect(try await fixture.stopDaemon() == 0)
        try fixture.makeTone("crash.wav", seconds: 1)
        let validator = JobValidator(roots: InputRoots(media: fixture.layout.media))
        // Killed after the reset in the inbox, before the rename into pending/.
        try FileOps.renameNoReplace(fixture.layout.jobFolder("reset", in: .failed), fixture.layout.inbox + "/reset")
        _ = try JobControl.resetForRetry(
            "reset", in: fixture.layout.inbox + "/reset", shownAs: "inbox/reset", validator: validator, layout: fixture.layout)
        // Killed while a folder sat in .staging/ on its way to a rejection.
        let staging = fixture.layout.staging + "/4242-1"
        try FileOps.makeDirectory(staging)
        var status = JobStatus(jobId: "staged.rejected", kind: "mp3", status: .failed, createdAt: .now(), maxAttempts: 0)
        status.source = SourceInfo(name: "staged", size: 0, submittedBy: getuid())
        try StatusFile.write(status, to: staging)
        try FileOps.renameNoReplace(fixture.layout.jobFolder("staged", in: .failed), staging + "/source")

        try fixture.startDaemon()
        #expect(try await fixture.waitForFinal("reset").status == .completed)
        #expect(try await fixture.waitForFinal("staged").status == .completed)
        #expect(fixture.names(in: fixture.layout.staging).isEmpty && fixture.names(in: fixture.layout.inbox).isEmpty)
        #expect(fixture.state(of: "staged.rejected") == nil)
        #expect(try await fixture.stopDaemon() == 0)
    }
}
