import Foundation
import Logging
import Testing

@testable import SpoolCore

/// Job folders moved into `inbox/`: a failed one is retried as `mediaspool retry` retries it,
/// others go back where they came from or are rejected whole; nothing is ever lost.
@Suite("Job folders in the inbox")
struct InboxFolderTests {
    let directory = TemporaryDirectory()
    let layout: SpoolLayout
    let validator: JobValidator
    let observer = RecordingObserver()
    var intake: Intake

    init() throws {
        layout = try directory.makeSpool()
        validator = JobValidator(roots: InputRoots(media: layout.media))
        intake = Intake(
            layout: layout, validator: validator, configuration: IntakeConfiguration(settleSeconds: 5), observer: observer,
            logger: Logger(label: "test"))
    }

    /// Accepts `id` through intake, then fails it the way the supervisor does, into `failed/`.
    mutating func makeFailedJob(_ id: String, _ text: String = #"{"kind": "mp3", "input": "a.wav"}"#) throws {
        try write(text, to: layout.inbox + "/\(id).json")
        #expect(intake.process(["\(id).json"], now: 0).map(\.id) == [id])
        let folder = layout.jobFolder(id, in: .pending)
        var status = try #require(StatusFile.read(from: folder))
        status.status = .failed
        status.attempts = 3
        status.crashes = 1
        status.startedAt = .now()
        status.completedAt = .now()
        status.setError(JobError(.inputNotFound, field: "input", reason: "media/a.wav does not exist"))
        try StatusFile.write(status, to: folder)
        try write("worker log", to: folder + "/log.txt")
        try write("", to: folder + "/CANCEL")
        try JobFolder.move(id, from: .pending, to: .failed, in: layout)
    }

    /// `mv failed/<id> inbox/`, as inotify reports it.
    mutating func moveIntoInbox(_ id: String, from state: JobState = .failed) throws {
        try FileOps.renameNoReplace(layout.jobFolder(id, in: state), layout.inbox + "/" + id)
        intake.renamedIn.insert(id)
    }

    func status(_ id: String, _ state: JobState) throws -> JobStatus {
        try #require(StatusFile.read(from: layout.jobFolder(id, in: state)))
    }

    @Test mutating func aFailedFolderMovedInIsRetriedExactlyAsRetryWould() throws {
        try makeFailedJob("ep42")
        try makeFailedJob("twin")
        try moveIntoInbox("ep42")
        let retaken = intake.process(["ep42"], now: 10)
        #expect(retaken.map(\.id) == ["ep42"])
        #expect(names(in: layout.inbox).isEmpty)
        #expect(names(in: layout.jobFolder("ep42", in: .pending)) == ["job.json", "log.txt", "source.json", "status.json"])
        let retried = try status("ep42", .pending)
        #expect(retried.status == .pending && retried.attempts == 0 && retried.crashes == nil && retried.error == nil)
        #expect(retried.lastError == "before the retry: input: media/a.wav does not exist")
        // The same reset as `mediaspool retry` gives a twin failed the same way.
        var byCommand = try JobControl.retry("twin", layout: layout, validator: validator)
        byCommand.jobId = "ep42"
        byCommand.updatedAt = retried.updatedAt
        byCommand.createdAt = retried.createdAt
        byCommand.source?.name = "ep42.json"
        #expect(byCommand == retried)
        // The ledger hears of it as a retry, with the error it retried.
        let change = try #require(observer.changes.last)
        #expect(change.id == "ep42" && change.event == .retried && change.state == .pending)
    }

    /// A failure whose callback no daemon has handed to the outbox yet (`.callback` still in the
    /// folder) keeps it through a retry, by either path: the delivery is in the outbox with the
    /// failed status, and the retried folder carries no marker for the next outcome to replace.
    @Test mutating func aRetryHandsTheFailuresCallbackToTheOutbox() throws {
        for (id, byCommand) in [("bycommand", true), ("byfolder", false)] {
            try makeFailedJob(id)
            try CallbackMarker.arm(in: layout.jobFolder(id, in: .failed), url: "https://hooks.example.com/\(id)")
            if byCommand {
                _ = try JobControl.retry(id, layout: layout, validator: validator)
            } else {
                try moveIntoInbox(id)
                #expect(intake.process([id], now: 10).map(\.id) == [id])
            }
            #expect(!FileOps.exists(layout.jobFolder(id, in: .pending) + "/" + CallbackMarker.name))
            let delivery = try #require(CallbackOutbox(layout: layout).pending().deliveries.first { $0.jobId == id })
            #expect(delivery.url == "https://hooks.example.com/\(id)" && delivery.state == "failed")
            #expect(delivery.body.contains(#""status":"failed""#) || delivery.body.contains(#""status" : "failed""#), "\(delivery.body)")
        }
    }

    @Test mutating func aCopiedFolderWaitsUntilItHasStoppedChanging() throws {
        try makeFailedJob("copied")
        // cp -r: the folder appears, then its files; nothing renames it in.
        try FileManager.default.copyItem(atPath: layout.jobFolder("copied", in: .failed), toPath: directory.path + "/copy")
        try FileOps.removeTree(layout.jobFolder("copied", in: .failed))
        try FileOps.makeDirectory(layout.inbox + "/copied")
        try FileManager.default.copyItem(atPath: directory.path + "/copy/job.json", toPath: layout.inbox + "/copied/job.json")
        #expect(intake.process(["copied"], now: 100).isEmpty)
        #expect(intake.settle.nextDeadline == 105)
        for name in ["source.json", "status.json", "log.txt"] {
            try FileManager.default.copyItem(atPath: directory.path + "/copy/" + name, toPath: layout.inbox + "/copied/" + name)
        }
        // Changed since the last look: the settle time starts again.
        #expect(intake.process(["copied"], now: 105).isEmpty)
        #expect(names(in: layout.inbox) == ["copied"])
        #expect(intake.process(["copied"], now: 109.9).isEmpty)
        #expect(intake.process(["copied"], now: 110).map(\.id) == ["copied"])
        #expect(try status("copied", .pending).attempts == 0)
    }

    @Test mutating func aCopyOfAJobThatStillExistsIsRejectedWhole() throws {
        try makeFailedJob("dup")
        try FileManager.default.copyItem(atPath: layout.jobFolder("dup", in: .failed), toPath: layout.inbox + "/dup")
        intake.renamedIn.insert("dup")
        #expect(intake.process(["dup"], now: 0).isEmpty)
        #expect(names(in: layout.inbox).isEmpty)
        #expect(try status("dup", .failed).errorCode == "input-not-found")  // the original, untouched
        let rejected = try status("dup.rejected", .failed)
        #expect(rejected.errorCode == "duplicate-id" && rejected.errorField == "id")
        #expect(rejected.error?.contains("failed/dup") == true && rejected.error?.contains("source/") == true)
        let kept = layout.jobFolder("dup.rejected", in: .failed) + "/source"
        #expect(names(in: kept) == ["CANCEL", "job.json", "log.txt", "source.json", "status.json"])
        #expect(StatusFile.read(from: kept)?.errorCode == "input-not-found")
        #expect(observer.changes.last?.event == .rejected)
    }

    @Test mutating func finishedAndRejectedFoldersGoBackWhereTheyCameFrom() throws {
        try write(#"{"kind": "mp3", "input": "a.wav"}"#, to: layout.inbox + "/fine.json")
        _ = intake.process(["fine.json"], now: 0)
        var done = try status("fine", .pending)
        done.status = .completed
        try StatusFile.write(done, to: layout.jobFolder("fine", in: .pending))
        try JobFolder.move("fine", from: .pending, to: .done, in: layout)
        let before = try read(layout.jobFolder("fine", in: .done) + "/status.json")
        try write(#"{"kind": 7}"#, to: layout.inbox + "/bad.json")
        _ = intake.process(["bad.json"], now: 0)
        let rejectedBefore = try read(layout.jobFolder("bad.rejected", in: .failed) + "/status.json")

        try moveIntoInbox("fine", from: .done)
        try moveIntoInbox("bad.rejected")
        #expect(intake.process(["fine", "bad.rejected"], now: 1).isEmpty)
        #expect(names(in: layout.inbox).isEmpty)
        #expect(try read(layout.jobFolder("fine", in: .done) + "/status.json") == before)
        #expect(try read(layout.jobFolder("bad.rejected", in: .failed) + "/status.json") == rejectedBefore)
        #expect(names(in: layout.folder(.pending)).isEmpty)
    }

    @Test mutating func aPendingFolderLeftByAnInterruptedRetryMovesOn() throws {
        try makeFailedJob("half")
        // A crash between the reset in the inbox and the rename into pending/.
        try moveIntoInbox("half")
        _ = try JobControl.resetForRetry("half", in: layout.inbox + "/half", shownAs: "inbox/half", validator: validator, layout: layout)
        intake.renamedIn.removeAll()  // a new daemon: its scan found the folder, no event
        #expect(intake.process(["half"], now: 50).isEmpty)
        #expect(intake.process(["half"], now: 55).map(\.id) == ["half"])
        let status = try status("half", .pending)
        #expect(status.lastError == "before the retry: input: media/a.wav does not exist")
    }

    @Test mutating func foldersThatAreNotJobFoldersAreRejectedOrLeftAlone() throws {
        // Job files without a status: not a job folder. Rejected, kept whole.
        try FileOps.makeDirectory(layout.inbox + "/handmade")
        try write(#"{"kind": "mp3", "input": "a.wav"}"#, to: layout.inbox + "/handmade/job.json")
        // A folder whose status names another job (renamed by hand).
        try makeFailedJob("real")
        try FileOps.renameNoReplace(layout.jobFolder("real", in: .failed), layout.inbox + "/renamed")
        // No job files at all: left alone, like any name that is not *.json.
        try FileOps.makeDirectory(layout.inbox + "/photos")
        try write("x", to: layout.inbox + "/photos/a.jpg")
        for name in ["handmade", "renamed", "photos"] { intake.renamedIn.insert(name) }
        #expect(intake.process(["handmade", "renamed", "photos"], now: 0).isEmpty)
        #expect(names(in: layout.inbox) == ["photos"])
        let handmade = try status("handmade.rejected", .failed)
        #expect(handmade.errorCode == "not-regular-file" && handmade.error?.contains("no readable status.json") == true)
        #expect(names(in: layout.jobFolder("handmade.rejected", in: .failed) + "/source") == ["job.json"])
        let renamed = try status("renamed.rejected", .failed)
        #expect(renamed.error?.contains("names job \"real\"") == true)
        #expect(StatusFile.read(from: layout.jobFolder("renamed.rejected", in: .failed) + "/source")?.jobId == "real")
    }

    @Test mutating func aDropNamingAJobFolderInTheInboxIsADuplicate() throws {
        try makeFailedJob("busy")
        try FileOps.renameNoReplace(layout.jobFolder("busy", in: .failed), layout.inbox + "/busy")
        try write(#"{"kind": "mp3", "input": "b.wav"}"#, to: layout.inbox + "/busy.json")
        #expect(intake.process(["busy.json"], now: 0).isEmpty)
        #expect(try status("busy.rejected", .failed).error?.contains("inbox/busy") == true)
    }

    @Test mutating func recoveryReturnsAFolderCaughtInStaging() throws {
        try makeFailedJob("caught")
        // As a crash leaves a rejection between its move into staging and its publishing rename.
        let staging = layout.staging + "/999-1"
        try FileOps.makeDirectory(staging)
        var status = JobStatus(jobId: "caught.rejected", kind: nil, status: .failed, createdAt: .now(), maxAttempts: 0)
        status.source = SourceInfo(name: "caught", size: 0, submittedBy: 0)
        try StatusFile.write(status, to: staging)
        try FileOps.renameNoReplace(layout.jobFolder("caught", in: .failed), staging + "/source")
        SpoolRecovery(layout: layout, logger: Logger(label: "test")).restoreStaging()
        #expect(names(in: layout.staging).isEmpty)
        #expect(names(in: layout.inbox + "/caught") == ["CANCEL", "job.json", "log.txt", "source.json", "status.json"])
    }
}
