import Logging
import Testing

@testable import SpoolCore

@Suite("Retention")
struct RetentionTests {
    @Test func finishedJobsOlderThanTheRetentionAreRemoved() throws {
        let directory = TemporaryDirectory()
        let layout = try directory.makeSpool()
        let now = Timestamp.now()
        func finished(_ id: String, in state: JobState, daysAgo: Double) throws {
            let folder = layout.jobFolder(id, in: state)
            try FileOps.makeDirectory(folder)
            var status = JobStatus(jobId: id, kind: "mp3", status: state == .done ? .completed : .failed, createdAt: now, maxAttempts: 3)
            status.completedAt = now.adding(seconds: -daysAgo * 86_400)
            try StatusFile.write(status, to: folder, sync: false)
        }
        try finished("old-done", in: .done, daysAgo: 31)
        try finished("old-failed", in: .failed, daysAgo: 40)
        try finished("recent", in: .done, daysAgo: 29)
        try FileOps.makeDirectory(layout.jobFolder("waiting", in: .pending))
        try FileOps.ensureDirectory(layout.trash)
        try FileOps.makeDirectory(layout.trash + "/left-by-a-crash")

        let removed = RecordingObserver()
        let retention = RetentionService(
            layout: layout, configuration: .init(retainSeconds: 30 * 86_400), observer: removed, logger: Logger(label: "test"))
        #expect(retention.sweep(now: now) == 2)
        #expect(layout.locate("old-done") == nil && layout.locate("old-failed") == nil)
        #expect(layout.locate("recent") == .done && layout.locate("waiting") == .pending)
        #expect(try FileOps.list(layout.trash).isEmpty)
        #expect(Set(removed.changes.map(\.id)) == ["old-done", "old-failed"])
        #expect(removed.changes.allSatisfy { $0.event == .removed })

        let keepForever = RetentionService(
            layout: layout, configuration: .init(retainSeconds: 0), observer: removed, logger: Logger(label: "test"))
        #expect(keepForever.sweep(now: now.adding(seconds: 1e9)) == 0)
    }
}

/// Collects what the service tells the ledger.
final class RecordingObserver: JobObserver, @unchecked Sendable {
    private(set) var changes: [JobChange] = []
    func record(_ change: JobChange) { changes.append(change) }
    func workRatio(kind: JobKind, optionsKey: String) -> Double? { nil }
}
