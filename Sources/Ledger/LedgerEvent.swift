import GRDB
import SpoolCore

/// One line of a job's history: a transition, an attempt, or a progress report. `seq` orders
/// all events of a spool; it is what server-sent events send as their id.
public struct LedgerEvent: Sendable, Equatable, Encodable {
    public var seq: Int64
    public var jobId: String
    public var type: String
    public var state: String?
    public var at: Int64
    public var attempt: Int?
    public var progress: Double?
    public var phase: String?
    public var estimatedSeconds: Int?
    public var errorCode: String?
    public var message: String?

    init(change: JobChange) {
        seq = 0
        jobId = change.id
        type = change.event.rawValue
        state = change.state?.rawValue ?? JobRow.removedState
        at = change.at.microseconds
        attempt = change.status?.attempts
        if let status = change.status, change.event == .progress || change.event == .started {
            progress = status.progress
            phase = status.phase
            estimatedSeconds = status.estimatedSeconds
        }
        errorCode = change.status?.errorCode
        switch change.event {
        case .failed, .rejected, .cancelled: message = change.status?.error
        case .retrying, .retried: message = change.status?.lastError
        default: message = nil
        }
    }

    init(row: Row) {
        seq = row["seq"]
        jobId = row["jobId"]
        type = row["type"]
        state = row["state"]
        at = row["at"]
        attempt = row["attempt"]
        progress = row["progress"]
        phase = row["phase"]
        estimatedSeconds = row["estimatedSeconds"]
        errorCode = row["errorCode"]
        message = row["message"]
    }

    func insert(_ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO event (jobId, type, state, at, attempt, progress, phase, estimatedSeconds, errorCode, message)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [jobId, type, state, at, attempt, progress, phase, estimatedSeconds, errorCode, message])
    }

    enum CodingKeys: String, CodingKey {
        case seq, jobId, type, state, at, attempt, progress, phase, estimatedSeconds, errorCode, message
    }

    /// Every key, with nulls, and `at` as ISO 8601 like `status.json`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seq, forKey: .seq)
        try container.encode(jobId, forKey: .jobId)
        try container.encode(type, forKey: .type)
        try container.encode(state, forKey: .state)
        try container.encode(Timestamp(microseconds: at).description, forKey: .at)
        try container.encode(attempt, forKey: .attempt)
        try container.encode(progress, forKey: .progress)
        try container.encode(phase, forKey: .phase)
        try container.encode(estimatedSeconds, forKey: .estimatedSeconds)
        try container.encode(errorCode, forKey: .errorCode)
        try container.encode(message, forKey: .message)
    }
}
