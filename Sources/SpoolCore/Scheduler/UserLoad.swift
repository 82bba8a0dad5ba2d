import Synchronization

/// Jobs waiting or running per owner (`userId`, else the submitting uid), shared by the
/// scheduler, which knows its queue and running jobs, and intake, which checks the per-user
/// quota before it accepts a drop. Jobs intake accepted that the scheduler has not taken in
/// yet are counted apart, so a quick batch cannot slip past the quota between two updates.
public final class UserLoad: Sendable {
    private struct Counts {
        var scheduled: [String: Int] = [:]
        var inTransit: [String: Int] = [:]
    }
    private let counts = Mutex(Counts())

    public init() {}

    /// Jobs of `owner` waiting or running, as far as anyone knows.
    public func jobs(of owner: String) -> Int {
        counts.withLock { ($0.scheduled[owner] ?? 0) + ($0.inTransit[owner] ?? 0) }
    }

    /// Intake accepted these; the scheduler will hear of them.
    func accepted(_ jobs: [QueuedJob]) {
        counts.withLock { counts in
            for job in jobs { counts.inTransit[job.owner, default: 0] += 1 }
        }
    }

    /// The scheduler took these in (they are now part of what it reports).
    func absorbed(_ jobs: [QueuedJob]) {
        counts.withLock { counts in
            for job in jobs {
                let left = (counts.inTransit[job.owner] ?? 0) - 1
                counts.inTransit[job.owner] = left > 0 ? left : nil
            }
        }
    }

    /// The scheduler's own count: queued plus running, per owner.
    func update(scheduled: [String: Int]) {
        counts.withLock { $0.scheduled = scheduled }
    }
}
