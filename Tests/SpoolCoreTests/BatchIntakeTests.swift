import Foundation
import Logging
import Testing

@testable import SpoolCore

/// A job file holding a JSON array: one job per element, accepted or rejected one by one, and
/// published exactly once even when the daemon dies half way.
@Suite("Batch intake")
struct BatchIntakeTests {
    let directory = TemporaryDirectory()
    let layout: SpoolLayout
    var intake: Intake

    init() throws {
        layout = try directory.makeSpool()
        intake = Intake(
            layout: layout, validator: JobValidator(roots: InputRoots(media: layout.media)),
            configuration: IntakeConfiguration(settleSeconds: 5, syncfsThreshold: 3), logger: Logger(label: "test"))
    }

    static let batch = #"""
        [{"kind": "mp3", "input": "p1.wav", "userId": "u1"},
         {"kind": "mp3", "input": "p2.wav", "options": {"bitrate": 999}},
         {"id": "named", "kind": "page", "inputs": ["a.mp3", "b.mp3"]}]
        """#

    @Test mutating func eachElementBecomesItsOwnJob() throws {
        try write(Self.batch, to: layout.inbox + "/book7.json")
        let accepted = intake.process(["book7.json"], now: 0)
        #expect(accepted.map(\.id) == ["book7-1", "named"])
        #expect(names(in: layout.inbox).isEmpty)
        #expect(names(in: layout.staging).isEmpty)
        #expect(names(in: layout.folder(.pending)) == ["book7-1", "named"])
        #expect(names(in: layout.folder(.failed)) == ["book7-2.rejected"])

        let first = try #require(StatusFile.read(from: layout.jobFolder("book7-1", in: .pending)))
        #expect(first.batchId == "book7" && first.batchIndex == 1)
        #expect(first.userId == "u1")
        #expect(first.source?.name == "book7.json")
        #expect(names(in: layout.jobFolder("book7-1", in: .pending)) == ["job.json", "source.json", "status.json"])
        #expect(try read(layout.jobFolder("book7-1", in: .pending) + "/source.json").contains("p1.wav"))

        let rejected = try #require(StatusFile.read(from: layout.jobFolder("book7-2.rejected", in: .failed)))
        #expect(rejected.batchId == "book7" && rejected.batchIndex == 2)
        #expect(rejected.errorField == "options.bitrate")
        #expect(rejected.kind == "mp3")
        // The rejected element keeps its own bytes, as a rejected file does.
        #expect(try read(layout.jobFolder("book7-2.rejected", in: .failed) + "/source.json").contains("999"))
        #expect(try #require(StatusFile.read(from: layout.jobFolder("named", in: .pending))).batchIndex == 3)
    }

    @Test mutating func aTakenIdRejectsOnlyThatElement() throws {
        try write(#"{"id": "named", "kind": "mp3", "input": "x.wav"}"#, to: layout.inbox + "/first.json")
        _ = intake.process(["first.json"], now: 0)
        try write(Self.batch, to: layout.inbox + "/book7.json")
        let accepted = intake.process(["book7.json"], now: 0)
        #expect(accepted.map(\.id) == ["book7-1"])
        let duplicate = try #require(StatusFile.read(from: layout.jobFolder("book7-3.rejected", in: .failed)))
        #expect(duplicate.errorCode == "duplicate-id")
    }

    /// A crash after the batch became durable but before every element was published: the
    /// next start finishes publishing; nothing goes back to the inbox to be taken twice.
    @Test mutating func interruptedPublishingIsFinishedForward() throws {
        let folder = layout.staging + "/9-1"
        try FileOps.makeDirectory(folder)
        try write(Self.batch, to: folder + "/source.json")
        try write("", to: folder + "/" + SpoolRecovery.publishingMarker)
        var status = JobStatus(jobId: "book7-1", kind: "mp3", status: .pending, createdAt: .now(), maxAttempts: 3)
        status.batchId = "book7"
        status.batchIndex = 1
        try FileOps.makeDirectory(folder + "/1")
        try write(#"{"kind": "mp3", "input": "p1.wav"}"#, to: folder + "/1/job.json")
        try StatusFile.write(status, to: folder + "/1")
        var rejected = JobStatus(jobId: "book7-2.rejected", kind: "mp3", status: .failed, createdAt: .now(), maxAttempts: 0)
        rejected.batchId = "book7"
        try FileOps.makeDirectory(folder + "/2")
        try StatusFile.write(rejected, to: folder + "/2")
        // Element 3 was published before the crash.
        try FileOps.makeDirectory(layout.jobFolder("named", in: .pending))

        SpoolRecovery(layout: layout, logger: Logger(label: "test")).restoreStaging()
        #expect(names(in: layout.staging).isEmpty)
        #expect(names(in: layout.inbox).isEmpty)
        #expect(names(in: layout.folder(.pending)) == ["book7-1", "named"])
        #expect(names(in: layout.folder(.failed)) == ["book7-2.rejected"])
    }

    /// A crash before the batch was durable: the file goes back to the inbox, whole, and no element is out.
    @Test mutating func unmarkedStagingReturnsTheFile() throws {
        let folder = layout.staging + "/9-2"
        try FileOps.makeDirectory(folder)
        try FileOps.makeDirectory(folder + "/1")
        try write(Self.batch, to: folder + "/source.json")
        var container = JobStatus(jobId: "book7", kind: nil, status: .pending, createdAt: .now(), maxAttempts: 0)
        container.source = SourceInfo(name: "book7.json", size: 10, submittedBy: 0)
        try StatusFile.write(container, to: folder)
        SpoolRecovery(layout: layout, logger: Logger(label: "test")).restoreStaging()
        #expect(names(in: layout.inbox) == ["book7.json"])
        #expect(names(in: layout.folder(.pending)).isEmpty)
        #expect(try read(layout.inbox + "/book7.json") == Self.batch)
    }
}
