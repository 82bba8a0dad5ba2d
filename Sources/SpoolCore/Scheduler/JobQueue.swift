import HeapModule

/// The pending jobs, in the order they should run: higher `priority` first, then earlier
/// arrival (`createdAt`), then id. One heap per kind, so per-kind limits cost nothing; jobs
/// waiting out a retry backoff wait aside until they are due.
public struct JobQueue: Sendable {
    struct Entry: Comparable, Sendable {
        var job: QueuedJob
        static func < (lhs: Entry, rhs: Entry) -> Bool {
            if lhs.job.priority != rhs.job.priority { return lhs.job.priority > rhs.job.priority }
            if lhs.job.createdAt != rhs.job.createdAt { return lhs.job.createdAt < rhs.job.createdAt }
            return lhs.job.id < rhs.job.id
        }
        static func == (lhs: Entry, rhs: Entry) -> Bool { lhs.job.id == rhs.job.id }
    }

    private var ready: [JobKind: Heap<Entry>] = [:]
    private var delayed: [QueuedJob] = []
    private(set) var ids = Set<String>()

    public init() {}

    public var count: Int { ids.count }
    public var isEmpty: Bool { ids.isEmpty }
    public func contains(_ id: String) -> Bool { ids.contains(id) }

    /// Adds a job unless it is queued already.
    public mutating func insert(_ job: QueuedJob, now: Timestamp) {
        guard ids.insert(job.id).inserted else { return }
        if let notBefore = job.notBefore, notBefore > now {
            delayed.append(job)
        } else {
            ready[job.kind, default: Heap()].insert(Entry(job: job))
        }
    }

    /// Moves jobs whose backoff is over into the ready heaps.
    public mutating func promoteDue(now: Timestamp) {
        guard !delayed.isEmpty else { return }
        var waiting: [QueuedJob] = []
        for job in delayed {
            if let notBefore = job.notBefore, notBefore > now {
                waiting.append(job)
            } else {
                ready[job.kind, default: Heap()].insert(Entry(job: job))
            }
        }
        delayed = waiting
    }

    /// Takes job `id` out of the queue (a job cancelled while it waits).
    public mutating func remove(_ id: String) -> QueuedJob? {
        guard ids.remove(id) != nil else { return nil }
        if let index = delayed.firstIndex(where: { $0.id == id }) { return delayed.remove(at: index) }
        for (kind, heap) in ready {
            guard let entry = heap.unordered.first(where: { $0.job.id == id }) else { continue }
            ready[kind] = Heap(heap.unordered.filter { $0.job.id != id })
            return entry.job
        }
        return nil
    }

    /// The earliest moment a delayed job becomes due.
    public var nextDueTime: Timestamp? { delayed.compactMap(\.notBefore).min() }

    /// Removes and returns the job that should run next among the kinds `allowed` says may
    /// start one more job.
    public mutating func popNext(allowed: (JobKind) -> Bool) -> QueuedJob? {
        var best: (kind: JobKind, entry: Entry)?
        for (kind, heap) in ready where allowed(kind) {
            guard let top = heap.min else { continue }
            if best == nil || top < best!.entry { best = (kind, top) }
        }
        guard let best else { return nil }
        _ = ready[best.kind]!.popMin()
        ids.remove(best.entry.job.id)
        return best.entry.job
    }
}
