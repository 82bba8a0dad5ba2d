/// How callbacks are sent: everything an operator can set, in one place, so a configuration
/// file can map onto it as the command-line flags do (`run --callback-…`).
public struct CallbackSettings: Sendable, Equatable {
    /// The HMAC-SHA256 key that signs every callback; nil sends them unsigned.
    public var secret: [UInt8]?
    /// Tries per delivery, the first included.
    public var maxTries = 8
    /// No try starts later than this many seconds after the job finished.
    public var maxTotalSeconds = 7200.0
    /// Backoff: the wait after try n is `retryBaseSeconds · 2^(n−1)`, at most
    /// `retryMaxSeconds`, ±20 % (defaults: 30 s, 1 min, 2 min … the 8th try about an hour in).
    public var retryBaseSeconds = 30.0
    public var retryMaxSeconds = 1800.0
    /// Longest wait for a connection, and for a whole request (connection and answer).
    public var connectTimeoutSeconds = 10.0
    public var requestTimeoutSeconds = 30.0
    /// Requests in flight at once (each on a thread of its own).
    public var concurrency = 4
    /// Hosts callbacks may go to: the `--allow-host` list of URL inputs.
    public var allowedHosts: [String] = []

    public init(secret: [UInt8]? = nil, allowedHosts: [String] = []) {
        self.secret = secret
        self.allowedHosts = allowedHosts
    }

    var backoff: CallbackBackoff {
        CallbackBackoff(baseSeconds: retryBaseSeconds, maxSeconds: retryMaxSeconds)
    }
}
