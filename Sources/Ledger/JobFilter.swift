import Foundation
import SpoolCore

/// Which jobs a listing wants, newest first, a page at a time.
public struct JobFilter: Sendable, Equatable {
    public var state: String?
    public var kind: String?
    public var userId: String?
    /// Only the jobs of one batch file.
    public var batchId: String?
    /// Only jobs created at or after this time.
    public var since: Timestamp?
    public var limit: Int
    /// Where the previous page ended (`JobPage.nextCursor`).
    public var cursor: JobCursor?

    public static let maxLimit = 1000

    public init(
        state: String? = nil, kind: String? = nil, userId: String? = nil, batchId: String? = nil, since: Timestamp? = nil,
        limit: Int = 50, cursor: JobCursor? = nil
    ) {
        self.batchId = batchId
        self.state = state
        self.kind = kind
        self.userId = userId
        self.since = since
        self.limit = min(max(limit, 1), Self.maxLimit)
        self.cursor = cursor
    }
}

/// A position in the newest-first order (createdAt, then id), opaque to clients.
public struct JobCursor: Sendable, Equatable {
    public var createdAt: Int64
    public var id: String

    public init(createdAt: Int64, id: String) {
        self.createdAt = createdAt
        self.id = id
    }

    /// `<microseconds>.<id>` in URL-safe base64.
    public var token: String {
        Data("\(createdAt).\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public init?(token: String) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard token.count <= 400, let data = Data(base64Encoded: base64) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let dot = text.firstIndex(of: "."), let micros = Int64(text[..<dot]) else { return nil }
        let id = String(text[text.index(after: dot)...])
        guard Job.isValidID(id) else { return nil }
        self.init(createdAt: micros, id: id)
    }
}

/// One page of a listing.
public struct JobPage: Sendable {
    public var rows: [JobRow]
    public var nextCursor: JobCursor?
}
