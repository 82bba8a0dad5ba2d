import GRDB
import SpoolCore

extension Ledger {
    /// Appends tries to deliver callbacks (`callback_attempt`), in one transaction.
    public func record(callbackAttempts attempts: [CallbackAttempt]) throws {
        guard !attempts.isEmpty else { return }
        try pool.write { db in
            for attempt in attempts {
                try db.execute(
                    sql: """
                        INSERT INTO callback_attempt (deliveryId, jobId, url, attempt, at, durationSeconds, httpStatus, error, outcome,
                            nextAttemptAt)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        attempt.deliveryId, attempt.jobId, attempt.url, attempt.attempt, attempt.at.microseconds, attempt.durationSeconds,
                        attempt.httpStatus, attempt.error, attempt.outcome.rawValue, attempt.nextAttemptAt?.microseconds,
                    ])
            }
        }
    }

    /// Every recorded try to deliver job `id`'s callbacks, oldest first.
    public func callbackAttempts(of id: String) throws -> [CallbackAttempt] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM callback_attempt WHERE jobId = ? ORDER BY seq", arguments: [id]).map { row in
                CallbackAttempt(
                    deliveryId: row["deliveryId"], jobId: row["jobId"], url: row["url"], attempt: row["attempt"],
                    at: Timestamp(microseconds: row["at"]), durationSeconds: row["durationSeconds"], httpStatus: row["httpStatus"],
                    error: row["error"], outcome: CallbackAttempt.Outcome(rawValue: row["outcome"]) ?? .failed,
                    nextAttemptAt: (row["nextAttemptAt"] as Int64?).map(Timestamp.init(microseconds:)))
            }
        }
    }
}
