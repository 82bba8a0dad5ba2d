import GRDB
import Ledger
import Prometheus
import SpoolCore
import Synchronization

/// `/metrics` in Prometheus text, through swift-prometheus. Everything comes from the ledger,
/// so the daemon and a separate `serve` report the same: finished jobs are fed into counters
/// and histograms as they appear (a scrape reads only those finished since the last one),
/// and the queue per state and the busy workers are set at each scrape.
final class LedgerMetrics: Sendable {
    let source: any LedgerSource
    let vitals: DaemonVitals?
    private let registry = PrometheusCollectorRegistry()
    /// completedAt and id of the last finished job fed in.
    private let fedUpTo = Mutex<(completedAt: Int64, id: String)>((0, ""))

    static let durationBuckets: [Double] = [0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600]
    static let realtimeBuckets: [Double] = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]

    init(source: any LedgerSource, vitals: DaemonVitals?) {
        self.source = source
        self.vitals = vitals
    }

    /// The exposition text; nil while there is no ledger.
    func render() throws -> [UInt8]? {
        guard let ledger = source.ledger else { return nil }
        try fedUpTo.withLock { position in
            while true {
                let after = position
                let rows = try ledger.read { db in
                    try Row.fetchAll(
                        db,
                        sql: """
                            SELECT id, kind, status, workSeconds, inputSeconds, completedAt FROM job
                            WHERE completedAt IS NOT NULL AND (completedAt, id) > (?, ?)
                            ORDER BY completedAt, id LIMIT 10000
                            """,
                        arguments: [after.completedAt, after.id]
                    ).map(FinishedJob.init(row:))
                }
                for job in rows { feed(job) }
                guard let last = rows.last else { break }
                position = (last.completedAt, last.id)
                if rows.count < 10000 { break }
            }
        }
        let counts = try ledger.counts()
        for state in JobState.allCases {
            registry.makeGauge(
                name: "mediaspool_jobs", labels: [("state", state.rawValue)], help: "Jobs in each state folder now"
            ).set(Double(counts[state.rawValue] ?? 0))
        }
        let beat = vitals == nil ? try ledger.daemonBeat() : nil
        let busy = vitals?.busyWorkers ?? beat?.busyWorkers ?? counts[JobState.processing.rawValue] ?? 0
        let workers = vitals?.workers ?? beat?.workers ?? 0
        registry.makeGauge(name: "mediaspool_workers_busy", help: "Workers running a job now").set(Double(busy))
        registry.makeGauge(name: "mediaspool_workers", help: "Jobs the daemon may run at once").set(Double(workers))
        return registry.emitToBuffer()
    }

    private struct FinishedJob: Sendable {
        var id: String
        var kind: String
        var status: String
        var workSeconds: Double?
        var inputSeconds: Double?
        var completedAt: Int64

        init(row: Row) {
            id = row["id"]
            kind = row["kind"] ?? "unknown"
            status = row["status"]
            workSeconds = row["workSeconds"]
            inputSeconds = row["inputSeconds"]
            completedAt = row["completedAt"]
        }
    }

    private func feed(_ job: FinishedJob) {
        let kind = job.kind
        let status = job.status
        registry.makeCounter(
            name: "mediaspool_jobs_finished_total", labels: [("kind", kind), ("status", status)],
            help: "Jobs that reached a final state (completed or failed), by kind"
        ).increment()
        guard status == "completed", let work = job.workSeconds else { return }
        registry.makeValueHistogram(
            name: "mediaspool_job_duration_seconds", labels: [("kind", kind)], buckets: Self.durationBuckets,
            help: "Wall-clock seconds of a completed job's last attempt"
        ).record(work)
        if let input = job.inputSeconds, input > 0, work > 0 {
            registry.makeValueHistogram(
                name: "mediaspool_job_realtime_factor", labels: [("kind", kind)], buckets: Self.realtimeBuckets,
                help: "Seconds of input processed per second of work"
            ).record(input / work)
        }
    }
}
