/// What a worker may fetch over http(s), and how patiently.
///
/// The host list is the guard against a job file that points the worker at an internal
/// service: it is empty by default, so no URL is fetched until an operator lists hosts. Every
/// redirect hop is checked against it again, and the addresses a name resolves to are checked
/// before any connection is made (see ``HostGate``).
public struct FetchPolicy: Sendable, Equatable {
    /// Hosts inputs may come from, compared case-insensitively:
    /// - `media.example.com`: exactly that host, whatever address it resolves to;
    /// - `*.example.com`: any subdomain (not `example.com` itself), `*`: any host name; a host
    ///   matched only by a wildcard must resolve to public addresses only (no loopback, private,
    ///   link-local or cloud-metadata address);
    /// - `192.0.2.7`, `2001:db8::7` (or `[2001:db8::7]`): an IP literal, allowed only when listed
    ///   exactly; no wildcard matches an IP literal.
    ///
    /// Empty: no URL is allowed.
    public var allowedHosts: [String]
    /// Longest wait for a connection (TCP and TLS) to be set up.
    public var connectTimeoutSeconds: Int
    /// The transfer is aborted when no byte arrives for this long, counted from the
    /// connection on, also while waiting for the response (``TransferSink``'s stall check).
    public var readTimeoutSeconds: Int
    /// Budget of the whole fetch: every attempt, redirect and wait between attempts.
    public var totalTimeoutSeconds: Int
    /// Largest body accepted: a larger Content-Length fails before the body is read, a body
    /// that grows past it is cut and fails.
    public var maxBytes: Int64
    /// Redirects followed before giving up (a loop ends here too).
    public var maxRedirects: Int
    /// Tries on transient errors (connection, timeout, HTTP 5xx, 408, 429), with a backoff of
    /// 0.5 s, 1 s, 2 s … (±20 % jitter) between them, or the server's Retry-After when longer.
    public var attempts: Int
    /// Longest Retry-After honoured. A server asking for a longer wait ends the fetch as a
    /// transient failure, leaving the next try to the daemon's retry.
    public var maxRetryAfterSeconds: Int

    public init(
        allowedHosts: [String] = [], connectTimeoutSeconds: Int = 10, readTimeoutSeconds: Int = 30, totalTimeoutSeconds: Int = 600,
        maxBytes: Int64 = 2 << 30, maxRedirects: Int = 5, attempts: Int = 3, maxRetryAfterSeconds: Int = 60
    ) {
        self.allowedHosts = allowedHosts
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.readTimeoutSeconds = readTimeoutSeconds
        self.totalTimeoutSeconds = totalTimeoutSeconds
        self.maxBytes = maxBytes
        self.maxRedirects = maxRedirects
        self.attempts = attempts
        self.maxRetryAfterSeconds = maxRetryAfterSeconds
    }

    /// Whether `host` (as written in a URL, IPv6 literals with or without brackets) is in
    /// `allowedHosts` by name. A wildcard match still needs public addresses when fetching.
    public static func isAllowed(host: String, in allowedHosts: [String]) -> Bool {
        match(host: host, in: allowedHosts) != nil
    }
}
