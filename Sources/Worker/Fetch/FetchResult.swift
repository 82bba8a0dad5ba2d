/// What a completed fetch wrote, and how it got there.
public struct FetchResult: Sendable, Equatable {
    /// The URL the body came from after redirects, without user name or password.
    public var finalURL: String
    /// Bytes written to the destination.
    public var bytes: Int64
    /// The response's Content-Type, if it sent one.
    public var contentType: String?
    /// Tries it took: 1, plus one for each retry after a transient failure. Redirects are
    /// part of a try.
    public var attempts: Int
    /// Redirects followed.
    public var redirects: Int

    public init(finalURL: String, bytes: Int64, contentType: String?, attempts: Int, redirects: Int) {
        self.finalURL = finalURL
        self.bytes = bytes
        self.contentType = contentType
        self.attempts = attempts
        self.redirects = redirects
    }
}
