import Foundation
import GRDB
import SpoolCore

/// One job as the ledger keeps it: the searchable columns, and `status.json` itself (compact)
/// so the API can answer without touching the folders. A pure function of the folder the job
/// is in, its `status.json` and its options, which is what lets `reindex` rebuild it exactly.
public struct JobRow: Sendable, Equatable {
    public var id: String
    public var kind: String?
    /// The folder: pending, processing, done, failed, hold; or `removed` once it is gone.
    public var state: String
    public var status: String
    public var userId: String?
    public var priority: Int
    public var attempts: Int
    public var maxAttempts: Int
    public var submittedBy: Int64?
    public var inputSeconds: Double?
    public var outputSize: Int64?
    /// Wall-clock seconds of the last attempt (start to completion).
    public var workSeconds: Double?
    public var cpuSeconds: Double?
    public var peakMemoryBytes: Int64?
    public var createdAt: Int64
    public var startedAt: Int64?
    public var completedAt: Int64?
    public var updatedAt: Int64
    public var errorCode: String?
    public var optionsKey: String?
    public var removedAt: Int64?
    /// The batch file the job came from, if any.
    public var batchId: String?
    public var statusJSON: String

    public static let removedState = "removed"

    public init(id: String, state: JobState, status: JobStatus, optionsKey: String?) {
        self.id = id
        self.kind = status.kind
        self.state = state.rawValue
        self.status = status.status.rawValue
        self.userId = status.userId
        self.priority = status.priority
        self.attempts = status.attempts
        self.maxAttempts = status.maxAttempts
        self.submittedBy = status.source.map { Int64($0.submittedBy) }
        self.inputSeconds = status.input?.durationSeconds
        self.outputSize = status.outputSize
        if let started = status.startedAt, let completed = status.completedAt, completed >= started {
            self.workSeconds = Double(completed.microseconds - started.microseconds) / 1e6
        }
        self.cpuSeconds = status.resources?.cpuSeconds
        self.peakMemoryBytes = status.resources?.peakMemoryBytes
        self.createdAt = status.createdAt.microseconds
        self.startedAt = status.startedAt?.microseconds
        self.completedAt = status.completedAt?.microseconds
        self.updatedAt = status.updatedAt.microseconds
        self.errorCode = status.errorCode
        self.optionsKey = optionsKey
        self.batchId = status.batchId
        self.statusJSON = Self.compactJSON(status)
    }

    init(row: Row) {
        id = row["id"]
        kind = row["kind"]
        state = row["state"]
        status = row["status"]
        userId = row["userId"]
        priority = row["priority"]
        attempts = row["attempts"]
        maxAttempts = row["maxAttempts"]
        submittedBy = row["submittedBy"]
        inputSeconds = row["inputSeconds"]
        outputSize = row["outputSize"]
        workSeconds = row["workSeconds"]
        cpuSeconds = row["cpuSeconds"]
        peakMemoryBytes = row["peakMemoryBytes"]
        createdAt = row["createdAt"]
        startedAt = row["startedAt"]
        completedAt = row["completedAt"]
        updatedAt = row["updatedAt"]
        errorCode = row["errorCode"]
        optionsKey = row["optionsKey"]
        removedAt = row["removedAt"]
        batchId = row["batchId"]
        statusJSON = row["statusJSON"]
    }

    /// The status with the job's folder: what `GET /api/jobs` lists, spliced without re-encoding.
    public var itemJSON: String {
        "{\"state\":\"\(state)\"," + statusJSON.dropFirst()
    }

    public var jobStatus: JobStatus? {
        try? StatusFile.decode(Array(statusJSON.utf8))
    }

    func upsert(_ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO job (id, kind, state, status, userId, priority, attempts, maxAttempts, submittedBy, inputSeconds,
                    outputSize, workSeconds, cpuSeconds, peakMemoryBytes, createdAt, startedAt, completedAt, updatedAt, errorCode,
                    optionsKey, removedAt, batchId, statusJSON)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, state = excluded.state, status = excluded.status,
                    userId = excluded.userId, priority = excluded.priority, attempts = excluded.attempts,
                    maxAttempts = excluded.maxAttempts, submittedBy = excluded.submittedBy, inputSeconds = excluded.inputSeconds,
                    outputSize = excluded.outputSize, workSeconds = excluded.workSeconds, cpuSeconds = excluded.cpuSeconds,
                    peakMemoryBytes = excluded.peakMemoryBytes, createdAt = excluded.createdAt, startedAt = excluded.startedAt,
                    completedAt = excluded.completedAt, updatedAt = excluded.updatedAt, errorCode = excluded.errorCode,
                    optionsKey = COALESCE(excluded.optionsKey, job.optionsKey), removedAt = excluded.removedAt,
                    batchId = excluded.batchId, statusJSON = excluded.statusJSON
                """,
            arguments: [
                id, kind, state, status, userId, priority, attempts, maxAttempts, submittedBy, inputSeconds, outputSize, workSeconds,
                cpuSeconds, peakMemoryBytes, createdAt, startedAt, completedAt, updatedAt, errorCode, optionsKey, removedAt, batchId,
                statusJSON,
            ])
    }

    static func compactJSON(_ status: JobStatus) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(status)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
