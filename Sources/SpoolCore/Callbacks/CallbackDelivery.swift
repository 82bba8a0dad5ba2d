import Foundation

/// One callback to deliver: a file `.callbacks/<deliveryId>.json` in the spool, written when
/// the job's marker is adopted and rewritten after every failed try, removed once delivered.
/// It carries the body itself (the job's final `status.json`, as it was when the job
/// finished), so it does not depend on the job folder still being there.
public struct CallbackDelivery: Codable, Sendable, Equatable {
    public var deliveryId: String
    public var jobId: String
    /// The state folder the job finished in: `done` or `failed`.
    public var state: String
    public var url: String
    /// When the job finished (the marker was armed): the start of `maxTotalSeconds`.
    public var createdAt: Timestamp
    /// Tries made so far.
    public var tries: Int
    public var nextAttemptAt: Timestamp
    public var lastError: String?
    /// The bytes to post, as text (status.json is UTF-8 JSON).
    public var body: String

    public init(marker: CallbackMarker.Contents, jobId: String, state: JobState, body: [UInt8]) {
        self.deliveryId = marker.deliveryId
        self.jobId = jobId
        self.state = state.rawValue
        self.url = marker.url
        self.createdAt = marker.armedAt
        self.tries = 0
        self.nextAttemptAt = .now()
        self.lastError = nil
        self.body = String(decoding: body, as: UTF8.self)
    }

    public var bodyBytes: [UInt8] { Array(body.utf8) }
}
