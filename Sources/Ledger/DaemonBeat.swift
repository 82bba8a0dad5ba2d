import GRDB
import SpoolCore

/// The running daemon's vital signs, written to the ledger every few seconds, so a separate
/// `mediaspool serve` can tell whether the daemon and its watcher are alive.
public struct DaemonBeat: Sendable, Equatable {
    public var pid: Int32
    public var startedAt: Int64
    public var heartbeatAt: Int64
    public var watcherAlive: Bool
    public var watcherPolling: Bool
    public var workers: Int
    public var busyWorkers: Int
    public var queued: Int
    /// Set by a daemon that stopped cleanly.
    public var stoppedAt: Int64?
    /// Why jobs are waiting for disk space, while they are (``DaemonVitals/diskWaiting``).
    public var diskWait: String?

    public init(
        pid: Int32, startedAt: Int64, heartbeatAt: Int64, watcherAlive: Bool, watcherPolling: Bool, workers: Int, busyWorkers: Int,
        queued: Int, stoppedAt: Int64? = nil, diskWait: String? = nil
    ) {
        self.pid = pid
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
        self.watcherAlive = watcherAlive
        self.watcherPolling = watcherPolling
        self.workers = workers
        self.busyWorkers = busyWorkers
        self.queued = queued
        self.stoppedAt = stoppedAt
        self.diskWait = diskWait
    }

    func save(_ db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO daemon (id, pid, startedAt, heartbeatAt, watcherAlive, watcherPolling, workers, busyWorkers,
                    queued, stoppedAt, diskWait)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [pid, startedAt, heartbeatAt, watcherAlive, watcherPolling, workers, busyWorkers, queued, stoppedAt, diskWait])
    }

    static func fetch(_ db: Database) throws -> DaemonBeat? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM daemon WHERE id = 1") else { return nil }
        return DaemonBeat(
            pid: row["pid"], startedAt: row["startedAt"], heartbeatAt: row["heartbeatAt"], watcherAlive: row["watcherAlive"],
            watcherPolling: row["watcherPolling"], workers: row["workers"], busyWorkers: row["busyWorkers"], queued: row["queued"],
            stoppedAt: row["stoppedAt"], diskWait: row["diskWait"])
    }
}
