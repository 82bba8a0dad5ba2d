import GRDB
import SpoolCore

/// What `mediaspool stats` reports: jobs per state, and per kind the outcomes, failure rate,
/// throughput and speed of the jobs that finished in a window.
public struct LedgerStatistics: Sendable, Encodable {
    public struct Kind: Sendable, Encodable {
        public var kind: String
        public var completed: Int
        public var failed: Int
        /// failed / (completed + failed) of jobs that ran (rejected drops and cancellations excluded).
        public var failureRate: Double?
        /// Completed jobs per hour over the window.
        public var jobsPerHour: Double
        /// Seconds of input completed.
        public var inputSeconds: Double
        /// Mean of input seconds per second of work, over completed jobs.
        public var meanRealtimeFactor: Double?
        public var meanWorkSeconds: Double?
    }

    public var windowSeconds: Double
    public var since: String
    public var states: [String: Int]
    public var kinds: [Kind]
    public var rejected: Int
    public var cancelled: Int
}

extension Ledger {
    /// Statistics of jobs finished in the last `windowSeconds`.
    public func statistics(windowSeconds: Double) throws -> LedgerStatistics {
        let since = Timestamp.now().adding(seconds: -windowSeconds)
        let states = try counts()
        return try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT kind,
                        SUM(status = 'completed') AS completed,
                        SUM(status = 'failed' AND attempts > 0 AND COALESCE(errorCode, '') != 'cancelled') AS failed,
                        SUM(CASE WHEN status = 'completed' THEN COALESCE(inputSeconds, 0) ELSE 0 END) AS input,
                        AVG(CASE WHEN status = 'completed' AND workSeconds > 0 AND inputSeconds > 0
                            THEN inputSeconds / workSeconds END) AS realtime,
                        AVG(CASE WHEN status = 'completed' THEN workSeconds END) AS work
                    FROM job WHERE completedAt >= ? AND kind IS NOT NULL GROUP BY kind ORDER BY kind
                    """,
                arguments: [since.microseconds])
            let kinds = rows.map { row -> LedgerStatistics.Kind in
                let completed: Int = row["completed"] ?? 0
                let failed: Int = row["failed"] ?? 0
                let ran = completed + failed
                return LedgerStatistics.Kind(
                    kind: row["kind"], completed: completed, failed: failed,
                    failureRate: ran > 0 ? Double(failed) / Double(ran) : nil,
                    jobsPerHour: Double(completed) / (windowSeconds / 3600), inputSeconds: row["input"] ?? 0,
                    meanRealtimeFactor: row["realtime"], meanWorkSeconds: row["work"])
            }
            let rejected =
                try Int.fetchOne(
                    db,
                    sql:
                        "SELECT COUNT(*) FROM job WHERE completedAt >= ? AND attempts = 0 AND status = 'failed' AND COALESCE(errorCode, '') != 'cancelled'",
                    arguments: [since.microseconds]) ?? 0
            let cancelled =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM job WHERE completedAt >= ? AND errorCode = 'cancelled'", arguments: [since.microseconds])
                ?? 0
            return LedgerStatistics(
                windowSeconds: windowSeconds, since: since.description, states: states, kinds: kinds, rejected: rejected,
                cancelled: cancelled)
        }
    }
}
