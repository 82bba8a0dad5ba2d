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

    /// `<microseconds>.<id>`: URL-safe as it is, and ``pattern`` says exactly which texts are cursors.
    public var token: String { "\(createdAt).\(id)" }

    /// Every token ``init(token:)`` reads, and no other (the HTTP API's schema).
    public static let pattern = "^[0-9]{1,18}\\.[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"

    public init?(token: String) {
        if let dot = token.firstIndex(of: "."), token.utf8.count <= 147 {
            let digits = token[..<dot]
            let id = String(token[token.index(after: dot)...])
            guard (1...18).contains(digits.utf8.count), digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let micros = Int64(digits),
                Job.isValidID(id)
            else { return nil }
            self.init(createdAt: micros, id: id)
            return
        }
        // Earlier versions wrote the same text in unpadded base64url (no dot): still read, so a
        // client paging across an upgrade does not fail.
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard token.count <= 400, let data = Data(base64Encoded: base64) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard text.contains("."), let decoded = JobCursor(token: text) else { return nil }
        self = decoded
    }
}

/// One page of a listing.
public struct JobPage: Sendable {
    public var rows: [JobRow]
    public var nextCursor: JobCursor?
}
