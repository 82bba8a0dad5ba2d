import Foundation
import GRDB
import GRDBSQLite
import SpoolCore
import Synchronization

/// The spool's SQLite ledger (`ledger.sqlite`, WAL): one `DatabasePool`, written by the
/// daemon alone and read by anyone (`list`, `stats`, the HTTP view). Derived from the
/// folders, so it can always be thrown away and rebuilt (`Reindexer`).
public final class Ledger: Sendable {
    public let path: String
    public let isReadOnly: Bool
    let pool: DatabasePool
    /// The last counts per state and when they were taken (monotonic seconds).
    private let recentCounts = Mutex<(at: Double, counts: [String: Int])?>(nil)

    public static let fileName = "ledger.sqlite"

    public static func path(in layout: SpoolLayout) -> String { layout.root + "/" + fileName }

    /// Opens (and with `readOnly: false` creates and migrates) the ledger at `path`.
    public init(path: String, readOnly: Bool = false) throws {
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(5)
        configuration.label = "ledger"
        if !readOnly {
            configuration.prepareDatabase { db in
                // The folders are the truth, so NORMAL (durable at checkpoints, never corrupt) is enough.
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // Keep the -wal file when the daemon closes the ledger: a reader (`serve`) then
                // finds it and never has to create one, so it writes no file of the spool.
                var persist: Int32 = 1
                sqlite3_file_control(db.sqliteConnection, nil, SQLITE_FCNTL_PERSIST_WAL, &persist)
            }
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        if !readOnly {
            try LedgerSchema.migrator.migrate(pool)
        } else {
            let migrated = try pool.read { db in try LedgerSchema.migrator.hasCompletedMigrations(db) }
            guard migrated else { throw DatabaseError(resultCode: .SQLITE_ERROR, message: "the ledger has not been created yet") }
        }
        self.path = path
        self.isReadOnly = readOnly
        self.pool = pool
    }

    // MARK: Writing

    /// Records changes in one transaction: the job rows become what the changes say, and each
    /// change is appended to the history, except a `changed` or `retried` that changes nothing.
    /// A `changed` that finds a failed job in `pending/` is recorded as `retried`.
    public func apply(_ changes: [JobChange], recordEvents: Bool = true) throws {
        guard !changes.isEmpty else { return }
        try pool.write { db in
            for change in changes { try Self.apply(change, recordEvents: recordEvents, db) }
        }
    }

    static func apply(_ change: JobChange, recordEvents: Bool, _ db: Database) throws {
        var change = change
        if let status = change.status, let state = change.state {
            let row = JobRow(id: change.id, state: state, status: status, optionsKey: change.optionsKey)
            // A retry is seen twice, by intake and by the scheduler's look at pending/: once is enough.
            if change.event == .changed || change.event == .retried,
                let old = try Row.fetchOne(db, sql: "SELECT state, updatedAt FROM job WHERE id = ?", arguments: [change.id])
            {
                if old["state"] == row.state, old["updatedAt"] == row.updatedAt { return }
                // A failed job found in pending/ was retried (`mediaspool retry`, or a move by hand).
                if old["state"] == JobState.failed.rawValue, state == .pending { change.event = .retried }
            }
            try row.upsert(db)
        } else if change.state == nil {
            try db.execute(
                sql: "UPDATE job SET state = ?, removedAt = ? WHERE id = ? AND state != ?",
                arguments: [JobRow.removedState, change.at.microseconds, change.id, JobRow.removedState])
            guard db.changesCount > 0 else { return }
        }
        if recordEvents { try LedgerEvent(change: change).insert(db) }
    }

    /// The running daemon's heartbeat.
    public func beat(_ beat: DaemonBeat) throws {
        try pool.write { db in try beat.save(db) }
    }

    /// Drops progress reports older than `seconds` (transitions are kept for good).
    public func pruneProgress(olderThan seconds: Double) throws {
        let limit = Timestamp.now().adding(seconds: -seconds).microseconds
        try pool.write { db in
            try db.execute(sql: "DELETE FROM event WHERE type = 'progress' AND at < ?", arguments: [limit])
        }
    }

    // MARK: Reading

    public func job(_ id: String) throws -> JobRow? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM job WHERE id = ?", arguments: [id]).map(JobRow.init(row:))
        }
    }

    /// Every row, by id (for comparisons and reindex checks).
    public func allJobs() throws -> [JobRow] {
        try pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM job ORDER BY id").map(JobRow.init(row:)) }
    }

    /// id → state of every job the ledger knows, removed ones included.
    public func states() throws -> [String: String] {
        try pool.read { db in
            var states: [String: String] = [:]
            let cursor = try Row.fetchCursor(db, sql: "SELECT id, state FROM job")
            while let row = try cursor.next() { states[row["id"]] = row["state"] }
            return states
        }
    }

    /// One page of jobs, newest first. Uses the indexes on (filter, createdAt, id): a page
    /// costs the same with 100 jobs or 100,000.
    public func jobs(_ filter: JobFilter) throws -> JobPage {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let state = filter.state {
            conditions.append("state = ?")
            arguments += [state]
        }
        if let kind = filter.kind {
            conditions.append("kind = ?")
            arguments += [kind]
        }
        if let userId = filter.userId {
            conditions.append("userId = ?")
            arguments += [userId]
        }
        if let batchId = filter.batchId {
            conditions.append("batchId = ?")
            arguments += [batchId]
        }
        if let since = filter.since {
            conditions.append("createdAt >= ?")
            arguments += [since.microseconds]
        }
        if let cursor = filter.cursor {
            conditions.append("(createdAt, id) < (?, ?)")
            arguments += [cursor.createdAt, cursor.id]
        }
        let clause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT * FROM job \(clause) ORDER BY createdAt DESC, id DESC LIMIT \(filter.limit + 1)"
        let rows = try pool.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(JobRow.init(row:)) }
        guard rows.count > filter.limit else { return JobPage(rows: rows, nextCursor: nil) }
        let page = Array(rows.prefix(filter.limit))
        return JobPage(rows: page, nextCursor: page.last.map { JobCursor(createdAt: $0.createdAt, id: $0.id) })
    }

    /// Jobs per state (removed ones included). Counting reads a whole index (about 3 ms for
    /// 100,000 jobs), so callers that list pages accept counts up to `maxAge` seconds old.
    public func counts(maxAge: Double = 0) throws -> [String: Int] {
        let now = InboxWatcher.monotonicNow()
        if maxAge > 0, let recent = recentCounts.withLock({ $0 }), now - recent.at <= maxAge { return recent.counts }
        let counts = try pool.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM job GROUP BY state") { counts[row["state"]] = row["n"] }
            return counts
        }
        recentCounts.withLock { $0 = (now, counts) }
        return counts
    }

    /// Known user ids (for the dashboard's filter), at most `limit`.
    public func users(limit: Int = 200) throws -> [String] {
        try pool.read { db in
            try String.fetchAll(
                db, sql: "SELECT DISTINCT userId FROM job WHERE userId IS NOT NULL ORDER BY userId LIMIT ?", arguments: [limit])
        }
    }

    /// Events after `seq`, oldest first.
    public func events(after seq: Int64, limit: Int = 500) throws -> [LedgerEvent] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM event WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [seq, limit])
                .map(LedgerEvent.init(row:))
        }
    }

    /// A job's whole history.
    public func history(of id: String) throws -> [LedgerEvent] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM event WHERE jobId = ? ORDER BY seq", arguments: [id]).map(LedgerEvent.init(row:))
        }
    }

    public func lastEventSeq() throws -> Int64 {
        try pool.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM event") ?? 0 }
    }

    public func daemonBeat() throws -> DaemonBeat? {
        try pool.read { db in try DaemonBeat.fetch(db) }
    }

    /// Measured seconds of work per second of input, per kind and options (the mean of each
    /// pair's last 20 completed jobs) and per kind (key `nil`; the mean of its last 100).
    public func workRatios() throws -> [WorkRatioKey: Double] {
        try pool.read { db in
            let completed = "state IN ('done', 'removed') AND status = 'completed' AND inputSeconds > 0.5 AND workSeconds IS NOT NULL"
            var ratios: [WorkRatioKey: Double] = [:]
            let perOptions = """
                SELECT kind, optionsKey, AVG(ratio) AS ratio FROM (
                    SELECT kind, optionsKey, workSeconds / inputSeconds AS ratio,
                        ROW_NUMBER() OVER (PARTITION BY kind, optionsKey ORDER BY completedAt DESC) AS n
                    FROM job WHERE \(completed) AND optionsKey IS NOT NULL)
                WHERE n <= 20 GROUP BY kind, optionsKey
                """
            for row in try Row.fetchAll(db, sql: perOptions) {
                ratios[WorkRatioKey(kind: row["kind"], optionsKey: row["optionsKey"])] = row["ratio"]
            }
            let perKind = """
                SELECT kind, AVG(ratio) AS ratio FROM (
                    SELECT kind, workSeconds / inputSeconds AS ratio,
                        ROW_NUMBER() OVER (PARTITION BY kind ORDER BY completedAt DESC) AS n
                    FROM job WHERE \(completed))
                WHERE n <= 100 GROUP BY kind
                """
            for row in try Row.fetchAll(db, sql: perKind) { ratios[WorkRatioKey(kind: row["kind"], optionsKey: nil)] = row["ratio"] }
            return ratios
        }
    }

    /// Runs `body` in one read transaction (a consistent snapshot), for statistics.
    public func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    /// Checkpoints the WAL into the main file, so a copy of `ledger.sqlite` alone is whole.
    public func checkpoint() throws {
        _ = try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    }
}
