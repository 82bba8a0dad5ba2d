import Foundation
import Logging
import Testing

@testable import SpoolCore

@Suite("Recovery after a crash")
struct RecoveryTests {
    let directory = TemporaryDirectory()
    let layout: SpoolLayout
    let recovery: SpoolRecovery
    let validator: JobValidator

    init() throws {
        layout = try directory.makeSpool()
        recovery = SpoolRecovery(layout: layout, logger: Logger(label: "test"))
        validator = JobValidator(roots: InputRoots(media: layout.media))
    }

    /// A job folder in processing/ as a killed daemon leaves it.
    func leaveInProcessing(_ id: String, attempts: Int, status: JobStatus.Status = .processing, output: Int? = nil) throws {
        let folder = layout.jobFolder(id, in: .processing)
        try FileOps.makeDirectory(folder)
        let job = try validator.validate(bytes: Array(#"{"kind": "mp3", "input": "a.wav"}"#.utf8), defaultID: id).get()
        try FileOps.writeFile(folder + "/job.json", job.json.serialized(), sync: false)
        var record = JobStatus(jobId: id, kind: "mp3", status: status, createdAt: .now(), maxAttempts: 3)
        record.attempts = attempts
        if let output {
            try write(String(repeating: "x", count: output), to: folder + "/\(id).mp3")
            record.outputs = [OutputFile(name: "\(id).mp3", size: Int64(output), sha256: "", mimeType: "audio/mpeg", durationSeconds: 1)]
        }
        try StatusFile.write(record, to: folder, sync: false)
        try write("partial", to: folder + "/\(id).mp3.part")
    }

    @Test func interruptedJobIsRequeuedWithoutItsPartialOutput() throws {
        try leaveInProcessing("a", attempts: 1)
        try write("finished but unrecorded", to: layout.jobFolder("a", in: .processing) + "/a.mp3")
        let requeued = recovery.recoverProcessing(validator: validator)
        #expect(requeued.map(\.id) == ["a"])
        #expect(names(in: layout.folder(.processing)).isEmpty)
        #expect(names(in: layout.jobFolder("a", in: .pending)) == ["job.json", "status.json"])
        let status = try #require(StatusFile.read(from: layout.jobFolder("a", in: .pending)))
        #expect(status.status == .pending)
        #expect(status.attempts == 1)
        #expect(status.lastError?.contains("daemon stopped") == true)
    }

    @Test func anOrphanCarriesItsLeaseIntoLastErrorAndCountsAsACrash() throws {
        try leaveInProcessing("lease", attempts: 1)
        let folder = layout.jobFolder("lease", in: .processing)
        var status = try #require(StatusFile.read(from: folder))
        status.lease = JobLease(daemonPid: 999_999, heartbeatAt: Timestamp.now().adding(seconds: -12))
        try StatusFile.write(status, to: folder, sync: false)
        #expect(recovery.recoverProcessing(validator: validator).map(\.id) == ["lease"])
        let requeued = try #require(StatusFile.read(from: layout.jobFolder("lease", in: .pending)))
        #expect(requeued.crashes == 1)
        #expect(requeued.lease == nil)
        #expect(
            requeued.lastError?.contains("daemon pid 999999, last heartbeat 12 s before this start") == true, "\(requeued.lastError ?? "")")
    }

    @Test func aJobOrphanedTooOftenFailsAsCrashedRepeatedly() throws {
        try leaveInProcessing("boom", attempts: 1)
        let folder = layout.jobFolder("boom", in: .processing)
        var status = try #require(StatusFile.read(from: folder))
        status.maxAttempts = 10
        status.crashes = 2
        try StatusFile.write(status, to: folder, sync: false)
        #expect(recovery.recoverProcessing(validator: validator).isEmpty)
        let failed = try #require(StatusFile.read(from: layout.jobFolder("boom", in: .failed)))
        #expect(failed.errorCode == "crashed-repeatedly")
        #expect(failed.crashes == 3)
        #expect(failed.error?.contains("interrupted by a crash 3 times") == true)
    }

    @Test func theBootIDIsReadFromTheKernel() {
        #expect(JobLease.currentBootID.count == 36, "\(JobLease.currentBootID)")
        #expect(JobLease().isFromThisBoot)
        #expect(!JobLease(bootId: "another-boot").isFromThisBoot)
    }

    @Test func jobWithNoAttemptsLeftFails() throws {
        try leaveInProcessing("b", attempts: 3)
        #expect(recovery.recoverProcessing(validator: validator).isEmpty)
        let status = try #require(StatusFile.read(from: layout.jobFolder("b", in: .failed)))
        #expect(status.errorCode == "interrupted")
        #expect(!FileOps.exists(layout.jobFolder("b", in: .failed) + "/b.mp3.part"))
    }

    @Test func completedJobIsFinishedNotRerun() throws {
        try leaveInProcessing("c", attempts: 1, status: .completed, output: 1000)
        #expect(recovery.recoverProcessing(validator: validator).isEmpty)
        #expect(names(in: layout.jobFolder("c", in: .done)) == ["c.mp3", "job.json", "status.json"])
    }

    @Test func completedStatusWithATruncatedOutputIsRerun() throws {
        try leaveInProcessing("d", attempts: 1, status: .completed, output: 1000)
        try write("short", to: layout.jobFolder("d", in: .processing) + "/d.mp3")
        #expect(recovery.recoverProcessing(validator: validator).map(\.id) == ["d"])
        #expect(!FileOps.exists(layout.jobFolder("d", in: .pending) + "/d.mp3"))
    }

    @Test func unreadableStatusIsRebuiltFromTheJobFile() throws {
        try leaveInProcessing("e", attempts: 1)
        try write("{\"jobId\": ", to: layout.jobFolder("e", in: .processing) + "/status.json")
        #expect(recovery.recoverProcessing(validator: validator).map(\.id) == ["e"])
        #expect(StatusFile.read(from: layout.jobFolder("e", in: .pending))?.kind == "mp3")
    }

    @Test func stagedDropsReturnToTheInbox() throws {
        // Killed after the dropped file moved into staging, before publishing.
        let staged = layout.staging + "/123-1"
        try FileOps.makeDirectory(staged)
        var status = JobStatus(jobId: "ep1", kind: "mp3", status: .pending, createdAt: .now(), maxAttempts: 3)
        status.source = SourceInfo(name: "ep1.json", size: 10, submittedBy: 0)
        try StatusFile.write(status, to: staged, sync: false)
        try write("{\"kind\": \"mp3\"}", to: staged + "/source.json")
        // Killed before anything moved: the file is still in the inbox.
        try FileOps.makeDirectory(layout.staging + "/123-2")
        recovery.restoreStaging()
        #expect(names(in: layout.inbox) == ["ep1.json"])
        #expect(try read(layout.inbox + "/ep1.json") == "{\"kind\": \"mp3\"}")
        #expect(names(in: layout.staging).isEmpty)
    }

    /// When the file's name and the recovered name are both taken in the inbox, the staged
    /// file stays where it is for the next start instead of going with its staging folder.
    @Test func aStagedDropWithNowhereToGoStaysStaged() throws {
        let staged = layout.staging + "/123-3"
        try FileOps.makeDirectory(staged)
        var status = JobStatus(jobId: "ep2", kind: "mp3", status: .pending, createdAt: .now(), maxAttempts: 3)
        status.source = SourceInfo(name: "ep2.json", size: 10, submittedBy: 0)
        try StatusFile.write(status, to: staged, sync: false)
        try write("{\"kind\": \"mp3\", \"staged\": true}", to: staged + "/source.json")
        try write("newer", to: layout.inbox + "/ep2.json")
        try write("newer still", to: layout.inbox + "/ep2.recovered-123-3.json")
        recovery.restoreStaging()
        #expect(try read(staged + "/source.json") == "{\"kind\": \"mp3\", \"staged\": true}")
        #expect(try read(layout.inbox + "/ep2.json") == "newer")
        try FileOps.remove(layout.inbox + "/ep2.recovered-123-3.json")
        recovery.restoreStaging()
        #expect(try read(layout.inbox + "/ep2.recovered-123-3.json") == "{\"kind\": \"mp3\", \"staged\": true}")
        #expect(names(in: layout.staging).isEmpty)
    }
}
