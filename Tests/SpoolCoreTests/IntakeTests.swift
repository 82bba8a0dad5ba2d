import Foundation
import Logging
import Testing

@testable import SpoolCore

@Suite("Intake")
struct IntakeTests {
    let directory = TemporaryDirectory()
    let layout: SpoolLayout
    var intake: Intake

    init() throws {
        layout = try directory.makeSpool()
        intake = Intake(
            layout: layout, validator: JobValidator(roots: InputRoots(media: layout.media)),
            configuration: IntakeConfiguration(settleSeconds: 5, syncfsThreshold: 3), logger: Logger(label: "test"))
    }

    func drop(_ name: String, _ text: String) throws {
        try write(text, to: layout.inbox + "/" + name)
    }

    func status(_ id: String, _ state: JobState) throws -> JobStatus {
        try #require(StatusFile.read(from: layout.jobFolder(id, in: state)))
    }

    @Test mutating func acceptedJobGetsItsFolder() throws {
        let text = #"{"kind": "mp3", "input": "a.wav", "userId": "u1", "extra": [1]}"#
        try drop("ep42.json", text)
        let accepted = intake.process(["ep42.json"], now: 0)
        #expect(accepted.map(\.id) == ["ep42"])
        #expect(names(in: layout.inbox).isEmpty)
        #expect(names(in: layout.jobFolder("ep42", in: .pending)) == ["job.json", "source.json", "status.json"])
        #expect(try read(layout.jobFolder("ep42", in: .pending) + "/source.json") == text)
        let status = try status("ep42", .pending)
        #expect(status.status == .pending)
        #expect(status.jobId == "ep42")
        #expect(status.userId == "u1")
        #expect(status.source?.name == "ep42.json")
        #expect(status.attempts == 0)
        #expect(names(in: layout.staging).isEmpty)
    }

    @Test mutating func rejectedDropKeepsItsBytesAndSaysWhy() throws {
        let text = #"{"kind": "mp3", "input": "a.wav", "options": {"bitrate": 999, "channels": 5}}"#
        try drop("bad.json", text)
        #expect(intake.process(["bad.json"], now: 0).isEmpty)
        #expect(names(in: layout.folder(.failed)) == ["bad.rejected"])
        #expect(try read(layout.jobFolder("bad.rejected", in: .failed) + "/source.json") == text)
        let status = try status("bad.rejected", .failed)
        #expect(status.status == .failed)
        #expect(status.errorCode == "invalid-field")
        #expect(status.errorField == "options.bitrate")
        #expect(status.error?.contains("999") == true)
        #expect(status.problems?.count == 2)
        #expect(status.kind == "mp3")
        // The same name again gets a folder of its own; nothing is overwritten.
        try drop("bad.json", text)
        _ = intake.process(["bad.json"], now: 0)
        #expect(names(in: layout.folder(.failed)) == ["bad.rejected", "bad.rejected-2"])
    }

    @Test mutating func existingIdIsNeverOverwritten() throws {
        try drop("a.json", #"{"kind": "mp3", "input": "first.wav"}"#)
        _ = intake.process(["a.json"], now: 0)
        try FileOps.renameNoReplace(layout.jobFolder("a", in: .pending), layout.jobFolder("a", in: .done))
        try drop("a.json", #"{"kind": "mp3", "input": "second.wav"}"#)
        #expect(intake.process(["a.json"], now: 0).isEmpty)
        #expect(try read(layout.jobFolder("a", in: .done) + "/job.json").contains("first.wav"))
        let status = try status("a.rejected", .failed)
        #expect(status.errorCode == "duplicate-id")
        #expect(status.error?.contains("done/a") == true)
    }

    @Test mutating func sameIdTwiceInOneBatch() throws {
        try drop("x.json", #"{"id": "same", "kind": "mp3", "input": "a.wav"}"#)
        try drop("y.json", #"{"id": "same", "kind": "mp3", "input": "b.wav"}"#)
        let accepted = intake.process(["x.json", "y.json"], now: 0)
        #expect(accepted.map(\.id) == ["same"])
        #expect(try read(layout.jobFolder("same", in: .pending) + "/job.json").contains("a.wav"))
        #expect(try status("y.rejected", .failed).errorCode == "duplicate-id")
    }

    @Test mutating func truncatedFileWaitsForTheSettleTime() throws {
        try drop("slow.json", #"{"kind": "mp3", "#)
        #expect(intake.process(["slow.json"], now: 100).isEmpty)
        #expect(names(in: layout.inbox) == ["slow.json"])  // not failed yet
        #expect(intake.settle.nextDeadline == 105)
        // The writer finishes: accepted at once.
        try drop("slow.json", #"{"kind": "mp3", "input": "a.wav"}"#)
        #expect(intake.process(["slow.json"], now: 101).map(\.id) == ["slow"])

        try drop("broken.json", #"{"kind": "mp3", "#)
        _ = intake.process(["broken.json"], now: 200)
        _ = intake.process(["broken.json"], now: 204.9)
        #expect(names(in: layout.inbox) == ["broken.json"])
        _ = intake.process(["broken.json"], now: 205)
        #expect(names(in: layout.inbox).isEmpty)
        #expect(try status("broken.rejected", .failed).errorCode == "invalid-json")
    }

    @Test mutating func symlinksAndFoldersAreRefused() throws {
        try write("{}", to: directory.path + "/target.json")
        try FileManager.default.createSymbolicLink(
            atPath: layout.inbox + "/link.json", withDestinationPath: directory.path + "/target.json")
        try FileManager.default.createDirectory(atPath: layout.inbox + "/dir.json", withIntermediateDirectories: false)
        _ = intake.process(["link.json", "dir.json"], now: 0)
        #expect(names(in: layout.inbox).isEmpty)
        #expect(try status("link.rejected", .failed).errorCode == "not-regular-file")
        #expect(try status("dir.rejected", .failed).errorCode == "not-regular-file")
        // The symlink itself was moved, never followed: its target is untouched.
        #expect(try FileOps.info(layout.jobFolder("link.rejected", in: .failed) + "/source.json")?.kind == .symlink)
        #expect(try read(directory.path + "/target.json") == "{}")
    }

    @Test mutating func oversizedFileIsRejectedUnread() throws {
        try drop("huge.json", "[" + String(repeating: "1,", count: 600_000) + "1]")
        _ = intake.process(["huge.json"], now: 0)
        #expect(try status("huge.rejected", .failed).errorCode == "too-large")
    }

    @Test mutating func ignoredNamesStayPut() throws {
        for name in [".x.json", "x.json.tmp", "x.json.part", "x.json~", "audio.wav"] { try drop(name, "{}") }
        _ = intake.process([".x.json", "x.json.tmp", "x.json.part", "x.json~", "audio.wav"], now: 0)
        #expect(names(in: layout.inbox) == ["audio.wav", "x.json.part", "x.json.tmp", "x.json~"])
        #expect(names(in: layout.folder(.failed)).isEmpty)
    }

    @Test mutating func largeBatchPublishesEverything() throws {
        let files = (0..<50).map { "job\($0).json" }
        for file in files { try drop(file, #"{"kind": "mp3", "input": "a.wav"}"#) }
        let accepted = intake.process(files, now: 0)
        #expect(accepted.count == 50)
        #expect(names(in: layout.folder(.pending)).count == 50)
        #expect(names(in: layout.inbox).isEmpty)
    }
}
