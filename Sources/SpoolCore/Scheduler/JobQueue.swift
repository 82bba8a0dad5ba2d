import HeapModule

/// The pending jobs, in the order they should run: higher `priority` first; among jobs of
/// equal priority, users take turns (the user whose job started least recently goes next,
/// so one user's 5,000-file batch cannot starve another's single job); within one user,
/// earlier arrival (`createdAt`), then id. One heap per kind and user, so per-kind and per-user
/// limits cost nothing; jobs waiting out a retry backoff wait aside until they are due.
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

    /// One heap per kind and owner (`userId`, else the submitting uid).
    struct Lane: Hashable, Sendable {
        var kind: JobKind
        var user: String
        init(_ job: QueuedJob) {
            kind = job.kind
            user = job.owner
        }
    }

    private var ready: [Lane: Heap<Entry>] = [:]
    private var delayed: [QueuedJob] = []
    private(set) var ids = Set<String>()
    /// When each user's job last started (a counter, not a clock), for taking turns.
    private var lastServed: [String: UInt64] = [:]
    private var served: UInt64 = 0
    /// Queued jobs per user (ready or delayed).
    private(set) var perUser: [String: Int] = [:]

    public init() {}

    public var count: Int { ids.count }
    public var isEmpty: Bool { ids.isEmpty }
    public func contains(_ id: String) -> Bool { ids.contains(id) }

    /// Adds a job unless it is queued already.
    public mutating func insert(_ job: QueuedJob, now: Timestamp) {
        guard ids.insert(job.id).inserted else { return }
        perUser[job.owner, default: 0] += 1
        if let notBefore = job.notBefore, notBefore > now {
            delayed.append(job)
        } else {
            ready[Lane(job), default: Heap()].insert(Entry(job: job))
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
                ready[Lane(job), default: Heap()].insert(Entry(job: job))
            }
        }
        delayed = waiting
    }

    /// Takes job `id` out of the queue (a job cancelled while it waits).
    public mutating func remove(_ id: String) -> QueuedJob? {
        guard ids.remove(id) != nil else { return nil }
        var found: QueuedJob?
        if let index = delayed.firstIndex(where: { $0.id == id }) {
            found = delayed.remove(at: index)
        } else {
            for (lane, heap) in ready {
                guard let entry = heap.unordered.first(where: { $0.job.id == id }) else { continue }
                ready[lane] = Heap(heap.unordered.filter { $0.job.id != id })
                found = entry.job
                break
            }
        }
        if let found { forget(found) }
        return found
    }

    /// The earliest moment a delayed job becomes due.
    public var nextDueTime: Timestamp? { delayed.compactMap(\.notBefore).min() }

    /// Removes and returns the job that should run next among those `allowed` says may start
    /// now (a kind or a user at its limit is skipped).
    public mutating func popNext(allowed: (_ kind: JobKind, _ user: String) -> Bool) -> QueuedJob? {
        var best: (lane: Lane, entry: Entry, turn: UInt64)?
        for (lane, heap) in ready where allowed(lane.kind, lane.user) {
            guard let top = heap.min else { continue }
            let turn = lastServed[lane.user] ?? 0
            guard let current = best else {
                best = (lane, top, turn)
                continue
            }
            let better: Bool
            if top.job.priority != current.entry.job.priority {
                better = top.job.priority > current.entry.job.priority
            } else if turn != current.turn {
                better = turn < current.turn
            } else {
                better = top < current.entry
            }
            if better { best = (lane, top, turn) }
        }
        guard let best else { return nil }
        _ = ready[best.lane]!.popMin()
        if ready[best.lane]!.isEmpty { ready[best.lane] = nil }
        ids.remove(best.entry.job.id)
        served += 1
        lastServed[best.lane.user] = served
        forget(best.entry.job)
        return best.entry.job
    }

    /// Per-kind limits only (every user allowed).
    public mutating func popNext(allowed: (JobKind) -> Bool) -> QueuedJob? {
        popNext(allowed: { kind, _ in allowed(kind) })
    }

    private mutating func forget(_ job: QueuedJob) {
        let user = job.owner
        let left = (perUser[user] ?? 1) - 1
        perUser[user] = left > 0 ? left : nil
    }
}
