import GRDB
import Ledger
import SpoolCore

#if canImport(Glibc)
    import Glibc
#endif

/// What `/healthz` looks at. In the daemon (`vitals` set) it asks the watcher and the spool
/// directly; in `serve` it reads the daemon's heartbeat from the ledger.
struct HealthCheck: Sendable {
    let layout: SpoolLayout
    let source: any LedgerSource
    let vitals: DaemonVitals?
    let configuration: HTTPViewConfiguration

    /// A heartbeat older than this means the daemon is gone.
    static let heartbeatLimitSeconds = 30.0
    /// The failure rate is measured over this many of the latest finished attempts …
    static let recentJobs = 100
    /// … and only once there are at least this many.
    static let minimumJobsForRate = 20

    struct Report: Sendable {
        var reasons: [String] = []
        var checks: [String: String] = [:]
        var healthy: Bool { reasons.isEmpty }
    }

    func run() -> Report {
        var report = Report()
        checkDaemon(&report)
        checkDisk(&report)
        checkLedger(&report)
        return report
    }

    private func checkDaemon(_ report: inout Report) {
        if let vitals {
            if access(layout.inbox, W_OK) != 0 || access(layout.folder(.pending), W_OK) != 0 {
                report.reasons.append("spool not writable: \(layout.root)")
            }
            report.checks["watcher"] = vitals.isWatcherAlive ? (vitals.isWatcherPolling ? "polling" : "inotify") : "dead"
            if !vitals.isWatcherAlive { report.reasons.append("watcher dead: the inbox is not being watched") }
            if let waiting = vitals.diskWaiting { report.reasons.append(waiting) }
            return
        }
        guard let beat = try? source.ledger?.daemonBeat() else {
            report.checks["daemon"] = "unknown"
            report.reasons.append("daemon not running: the ledger has no heartbeat")
            return
        }
        let age = Timestamp.now().seconds - Timestamp(microseconds: beat.heartbeatAt).seconds
        if beat.stoppedAt != nil || age > Self.heartbeatLimitSeconds {
            report.checks["daemon"] = "stopped"
            report.reasons.append("daemon not running: last heartbeat \(Int(age)) s ago")
        } else {
            report.checks["daemon"] = "running (pid \(beat.pid))"
            report.checks["watcher"] = beat.watcherAlive ? (beat.watcherPolling ? "polling" : "inotify") : "dead"
            if !beat.watcherAlive { report.reasons.append("watcher dead: the inbox is not being watched") }
            if let waiting = beat.diskWait { report.reasons.append(waiting) }
        }
    }

    private func checkDisk(_ report: inout Report) {
        var info = statvfs()
        guard statvfs(layout.root, &info) == 0 else {
            report.reasons.append("spool not readable: statvfs(\(layout.root)) failed")
            return
        }
        let free = Int64(info.f_bavail) * Int64(info.f_frsize)
        let total = Int64(info.f_blocks) * Int64(info.f_frsize)
        report.checks["diskFreeBytes"] = String(free)
        let fraction = total > 0 ? Double(free) / Double(total) : 1
        if free < configuration.minFreeBytes || fraction < configuration.minFreeFraction {
            report.reasons.append("disk nearly full: \(free / (1 << 20)) MiB free (\(Int(fraction * 100))%)")
        }
    }

    private func checkLedger(_ report: inout Report) {
        guard let ledger = source.ledger else {
            report.reasons.append("ledger unavailable: being created or rebuilt")
            return
        }
        do {
            let counts = try ledger.counts(maxAge: 1)
            let pending = counts[JobState.pending.rawValue] ?? 0
            report.checks["pending"] = String(pending)
            if pending > configuration.maxQueueDepth {
                report.reasons.append("queue too deep: \(pending) jobs pending (threshold \(configuration.maxQueueDepth))")
            }
            let (finished, failed) = try recentOutcomes(ledger)
            report.checks["recentFailures"] = "\(failed)/\(finished)"
            if finished >= Self.minimumJobsForRate, Double(failed) > Double(finished) * configuration.maxFailureRate {
                let percent = Int((Double(failed) / Double(finished) * 100).rounded())
                report.reasons.append(
                    "failure rate high: \(failed) of the last \(finished) jobs failed (\(percent)% > \(Int(configuration.maxFailureRate * 100))%)"
                )
            }
        } catch {
            report.reasons.append("ledger unreadable: \(error)")
        }
    }

    /// The latest finished jobs that ran (rejected drops and cancellations are the client's doing).
    private func recentOutcomes(_ ledger: Ledger) throws -> (finished: Int, failed: Int) {
        try ledger.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT status FROM job WHERE completedAt IS NOT NULL AND attempts > 0
                        AND (errorCode IS NULL OR errorCode != 'cancelled')
                    ORDER BY completedAt DESC LIMIT ?
                    """,
                arguments: [Self.recentJobs])
            let failed = rows.filter { ($0["status"] as String?) == "failed" }.count
            return (rows.count, failed)
        }
    }
}
