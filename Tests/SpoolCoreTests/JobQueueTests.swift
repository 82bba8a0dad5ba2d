import Testing

@testable import SpoolCore

@Suite("Job queue")
struct JobQueueTests {
    let now = Timestamp(microseconds: 1_000_000_000)

    func job(
        _ id: String, _ kind: JobKind = .mp3, priority: Int = 0, at offset: Int64, notBefore: Int64? = nil, user: String? = nil
    ) -> QueuedJob {
        QueuedJob(
            id: id, kind: kind, priority: priority, createdAt: Timestamp(microseconds: now.microseconds + offset),
            notBefore: notBefore.map { Timestamp(microseconds: now.microseconds + $0) }, userId: user)
    }

    @Test func usersOfEqualPriorityTakeTurns() {
        var queue = JobQueue()
        for index in 0..<5 { queue.insert(job("a\(index)", at: Int64(index), user: "alice"), now: now) }
        queue.insert(job("b0", at: 100, user: "bob"), now: now)
        queue.insert(job("b1", at: 101, user: "bob"), now: now)
        queue.insert(job("c0", .mp4, at: 200, user: "carol"), now: now)
        queue.insert(job("urgent", priority: 5, at: 300, user: "alice"), now: now)
        var order: [String] = []
        while let next = queue.popNext(allowed: { _ in true }) { order.append(next.id) }
        #expect(order == ["urgent", "b0", "c0", "a0", "b1", "a1", "a2", "a3", "a4"])
    }

    @Test func anOwnerAtItsLimitIsSkipped() {
        var queue = JobQueue()
        queue.insert(job("a0", at: 0, user: "alice"), now: now)
        queue.insert(job("a1", at: 1, user: "alice"), now: now)
        queue.insert(job("b0", at: 2, user: "bob"), now: now)
        #expect(queue.perUser == ["alice": 2, "bob": 1])
        #expect(queue.popNext(allowed: { _, owner in owner != "alice" })?.id == "b0")
        #expect(queue.popNext(allowed: { _, owner in owner != "alice" }) == nil)
        #expect(queue.popNext(allowed: { _ in true })?.id == "a0")
        #expect(queue.perUser == ["alice": 1])
        // Without a userId, the submitting uid is the owner.
        #expect(QueuedJob(id: "x", kind: .mp3, priority: 0, createdAt: now, submittedBy: 1001).owner == "uid:1001")
    }

    @Test func priorityFirstThenArrival() {
        var queue = JobQueue()
        queue.insert(job("late", at: 30), now: now)
        queue.insert(job("early", at: 10), now: now)
        queue.insert(job("urgent", priority: 5, at: 40), now: now)
        queue.insert(job("low", priority: -1, at: 0), now: now)
        queue.insert(job("middle", at: 20), now: now)
        var order: [String] = []
        while let next = queue.popNext(allowed: { _ in true }) { order.append(next.id) }
        #expect(order == ["urgent", "early", "middle", "late", "low"])
        #expect(queue.isEmpty)
    }

    /// With no `priority` in the files, audio overtakes video that arrived earlier; a priority
    /// given in the file wins over the kind's default either way.
    @Test func audioRunsBeforeVideoByDefault() throws {
        let validator = JobValidator(roots: InputRoots(media: "/spool/media"))
        func queued(_ id: String, _ text: String, at offset: Int64) throws -> QueuedJob {
            let job = try validator.validate(bytes: Array(text.utf8), defaultID: id).get()
            return QueuedJob(
                id: id, kind: job.kind, priority: job.priority, createdAt: Timestamp(microseconds: now.microseconds + offset))
        }
        var queue = JobQueue()
        queue.insert(try queued("video", #"{"kind": "mp4", "input": "a.wav"}"#, at: 0), now: now)
        queue.insert(try queued("slides", #"{"kind": "carousel", "transcript": "Hi."}"#, at: 1), now: now)
        queue.insert(try queued("audio", #"{"kind": "mp3", "input": "a.wav"}"#, at: 2), now: now)
        queue.insert(try queued("page", #"{"kind": "page", "inputs": ["a.mp3"]}"#, at: 3), now: now)
        queue.insert(try queued("rush", #"{"kind": "mp4", "input": "a.wav", "priority": 20}"#, at: 4), now: now)
        queue.insert(try queued("bulk", #"{"kind": "mp3", "input": "a.wav", "priority": -20}"#, at: 5), now: now)
        queue.insert(try queued("middle", #"{"kind": "mp3", "input": "a.wav", "priority": 0}"#, at: 6), now: now)
        var order: [String] = []
        while let next = queue.popNext(allowed: { _ in true }) { order.append(next.id) }
        #expect(order == ["rush", "audio", "page", "middle", "video", "slides", "bulk"])
    }

    @Test func kindLimitsSkipToTheNextKind() {
        var queue = JobQueue()
        queue.insert(job("video", .mp4, priority: 9, at: 0), now: now)
        queue.insert(job("audio", .mp3, at: 5), now: now)
        #expect(queue.popNext(allowed: { $0 != .mp4 })?.id == "audio")
        #expect(queue.popNext(allowed: { $0 != .mp4 }) == nil)
        #expect(queue.popNext(allowed: { _ in true })?.id == "video")
    }

    @Test func duplicatesAreIgnored() {
        var queue = JobQueue()
        queue.insert(job("a", at: 0), now: now)
        queue.insert(job("a", at: 1), now: now)
        #expect(queue.count == 1)
    }

    @Test func retriesWaitOutTheirBackoff() {
        var queue = JobQueue()
        queue.insert(job("retry", priority: 9, at: 0, notBefore: 5_000_000), now: now)
        queue.insert(job("fresh", at: 1), now: now)
        #expect(queue.popNext(allowed: { _ in true })?.id == "fresh")
        #expect(queue.popNext(allowed: { _ in true }) == nil)
        #expect(queue.nextDueTime == Timestamp(microseconds: now.microseconds + 5_000_000))
        queue.promoteDue(now: now.adding(seconds: 4))
        #expect(queue.popNext(allowed: { _ in true }) == nil)
        queue.promoteDue(now: now.adding(seconds: 5))
        #expect(queue.popNext(allowed: { _ in true })?.id == "retry")
    }
}
