import Foundation
import Logging
import SpoolCore
import Testing

@testable import Ledger

@Suite("Ledger")
struct LedgerTests {
    let directory = TemporaryDirectory("ledgertest")

    func status(_ id: String, _ value: JobStatus.Status, created: Int64, user: String? = nil) -> JobStatus {
        var status = JobStatus(jobId: id, kind: "mp3", status: value, createdAt: Timestamp(microseconds: created), maxAttempts: 3)
        status.userId = user
        return status
    }

    @Test("every change updates the job row and appends to its history; a `changed` that changes nothing is dropped")
    func recordsTransitions() throws {
        let ledger = try Ledger(path: directory.path + "/ledger.sqlite")
        var status = status("a", .pending, created: 1_000_000)
        try ledger.apply([JobChange(id: "a", event: .accepted, state: .pending, status: status, optionsKey: "k")])
        status.status = .processing
        status.attempts = 1
        status.startedAt = Timestamp(microseconds: 2_000_000)
        status.updatedAt = status.startedAt!
        try ledger.apply([JobChange(id: "a", event: .started, state: .processing, status: status)])
        try ledger.apply([JobChange(id: "a", event: .changed, state: .processing, status: status)])
        status.status = .completed
        status.completedAt = Timestamp(microseconds: 5_000_000)
        status.updatedAt = status.completedAt!
        status.input = InputInfo(format: "wav", codec: "pcm", sampleRate: 44100, channels: 1, durationSeconds: 60)
        try ledger.apply([JobChange(id: "a", event: .completed, state: .done, status: status)])

        let row = try #require(try ledger.job("a"))
        #expect(row.state == "done")
        #expect(row.status == "completed")
        #expect(row.attempts == 1)
        #expect(row.workSeconds == 3)
        #expect(row.inputSeconds == 60)
        #expect(row.optionsKey == "k", "a later change without options keeps the key")
        #expect(try ledger.history(of: "a").map(\.type) == ["accepted", "started", "completed"])

        try ledger.apply([JobChange(id: "a", event: .removed, state: nil, status: nil)])
        try ledger.apply([JobChange(id: "a", event: .removed, state: nil, status: nil)])
        #expect(try ledger.job("a")?.state == "removed")
        #expect(try ledger.history(of: "a").map(\.type) == ["accepted", "started", "completed", "removed"])
        #expect(try ledger.workRatios()[WorkRatioKey(kind: "mp3", optionsKey: "k")] == 0.05)
    }

    @Test("pages follow the cursor newest first without gaps or repeats, with filters")
    func pagination() throws {
        let ledger = try Ledger(path: directory.path + "/ledger.sqlite")
        var changes: [JobChange] = []
        for index in 0..<250 {
            let id = String(format: "job-%03d", index)
            // Pairs share a creation time, so the id must break ties.
            let status = status(id, .pending, created: Int64(index / 2) * 1000, user: index % 3 == 0 ? "alice" : "bob")
            changes.append(JobChange(id: id, event: .accepted, state: index % 5 == 0 ? .failed : .pending, status: status))
        }
        try ledger.apply(changes)
        var seen: [String] = []
        var cursor: JobCursor?
        repeat {
            let page = try ledger.jobs(JobFilter(limit: 40, cursor: cursor))
            seen += page.rows.map(\.id)
            cursor = page.nextCursor.flatMap { JobCursor(token: $0.token) }
        } while cursor != nil
        #expect(seen == (0..<250).reversed().map { String(format: "job-%03d", $0) })

        let alice = try ledger.jobs(JobFilter(state: "failed", userId: "alice", limit: 1000)).rows.map(\.id)
        #expect(alice == (0..<250).reversed().filter { $0 % 15 == 0 }.map { String(format: "job-%03d", $0) })
        #expect(try ledger.counts() == ["pending": 200, "failed": 50])
        #expect(JobCursor(token: "not a cursor") == nil)
        // The token is `<microseconds>.<id>`, which the pattern describes; earlier base64url tokens still read.
        let position = JobCursor(createdAt: 1_764_000_000_123_456, id: "ep42.mp3")
        #expect(position.token == "1764000000123456.ep42.mp3")
        #expect(position.token.range(of: JobCursor.pattern, options: String.CompareOptions.regularExpression) != nil)
        #expect(JobCursor(token: position.token) == position)
        #expect(JobCursor(token: "MTc2NDAwMDAwMDEyMzQ1Ni5lcDQyLm1wMw") == position)
        for bad in ["", "1.", ".x", "1.-x", "x.y", "1234567890123456789.a", "1.a/b"] { #expect(JobCursor(token: bad) == nil, "\(bad)") }
    }

    @Test("reindex from the folders gives the same rows as the live record, and marks vanished jobs removed")
    func reindexMatchesLiveRecord() throws {
        let layout = SpoolLayout(root: directory.path + "/spool")
        try layout.create()
        let live = try Ledger(path: directory.path + "/live.sqlite")
        let validator = JobValidator(roots: InputRoots(media: layout.media, extra: []))
        for (index, state) in [JobState.pending, .done, .failed, .hold].enumerated() {
            let id = "job\(index)"
            let job = try validator.validate(
                bytes: Array(#"{"kind": "mp3", "input": "a.wav", "options": {"bitrate": 96}}"#.utf8), defaultID: id
            ).get()
            try FileOps.makeDirectory(layout.jobFolder(id, in: state))
            try FileOps.writeFile(layout.jobFolder(id, in: state) + "/job.json", job.json.serialized(), sync: false)
            var status = status(id, state == .done ? .completed : state == .failed ? .failed : .pending, created: Int64(index) * 10)
            status.attempts = state == .pending ? 0 : 1
            try StatusFile.write(status, to: layout.jobFolder(id, in: state))
            try live.apply([JobChange(id: id, event: .changed, state: state, status: status, optionsKey: job.optionsKey)])
        }
        try live.apply([JobChange(id: "gone", event: .accepted, state: .pending, status: status("gone", .pending, created: 99))])

        let rebuilt = try Ledger(path: directory.path + "/rebuilt.sqlite")
        let tally = try Reindexer(layout: layout, validator: validator, logger: Logger(label: "test")).run(into: rebuilt, depth: .full)
        #expect(tally.scanned == 4)
        try Reindexer(layout: layout, validator: validator, logger: Logger(label: "test")).run(into: live, depth: .moves)
        #expect(try live.job("gone")?.state == "removed")
        var liveRows = try live.allJobs().filter { $0.id != "gone" }
        for index in liveRows.indices { liveRows[index].removedAt = nil }
        #expect(liveRows == (try rebuilt.allJobs()))
    }

    @Test("a failed job found back in pending/ is recorded as retried; a job folder waiting in inbox/ is not removed")
    func retriesAndFoldersInTheInbox() throws {
        let layout = SpoolLayout(root: directory.path + "/spool")
        try layout.create()
        let ledger = try Ledger(path: directory.path + "/ledger.sqlite")
        var failed = status("again", .failed, created: 10)
        failed.setError(JobError(.inputNotFound, field: "input", reason: "gone"))
        try ledger.apply([
            JobChange(id: "again", event: .failed, state: .failed, status: failed),
            JobChange(id: "waiting", event: .failed, state: .failed, status: status("waiting", .failed, created: 20)),
        ])
        // `mediaspool retry`: the daemon (or a reconcile) only sees the folder in pending/.
        var retried = status("again", .pending, created: 10)
        retried.lastError = "before the retry: input: gone"
        retried.updatedAt = Timestamp(microseconds: 30)
        try ledger.apply([JobChange(id: "again", event: .changed, state: .pending, status: retried)])
        let last = try #require(try ledger.history(of: "again").last)
        #expect(last.type == "retried" && last.state == "pending" && last.message == "before the retry: input: gone")

        // A failed folder moved into inbox/ is on its way back, not gone.
        try FileOps.makeDirectory(layout.inbox + "/waiting")
        try Reindexer(layout: layout, validator: JobValidator(roots: InputRoots(media: layout.media)), logger: Logger(label: "test"))
            .run(into: ledger, depth: .moves)
        #expect(try ledger.job("waiting")?.state == "failed")
        #expect(try ledger.job("again")?.state == "removed")
    }

    @Test("a read-only ledger refuses writes, and refuses a file that was never created")
    func readOnly() throws {
        let path = directory.path + "/ledger.sqlite"
        #expect(throws: (any Error).self) { try Ledger(path: path, readOnly: true) }
        _ = try Ledger(path: path)
        let reader = try Ledger(path: path, readOnly: true)
        #expect(throws: (any Error).self) {
            try reader.apply([JobChange(id: "x", event: .accepted, state: .pending, status: status("x", .pending, created: 1))])
        }
    }
}
