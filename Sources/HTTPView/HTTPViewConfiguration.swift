/// How the HTTP view listens, who may use it, and the thresholds of `/healthz`.
public struct HTTPViewConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// `/healthz` fails when more jobs than this wait in `pending/`.
    public var maxQueueDepth: Int
    /// `/healthz` fails when less than this fraction of the spool's disk is free …
    public var minFreeFraction: Double
    /// … or less than this many bytes.
    public var minFreeBytes: Int64
    /// `/healthz` fails when more than this fraction of recent attempts failed.
    public var maxFailureRate: Double
    /// Seconds a connection may sit without a complete request before it is closed.
    public var idleTimeoutSeconds: Int
    /// Who may see what (README, "Access"); `open` suits loopback addresses only.
    public var access: HTTPAccess

    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 8080

    public init(
        host: String = defaultHost, port: Int = defaultPort, maxQueueDepth: Int = 10_000, minFreeFraction: Double = 0.05,
        minFreeBytes: Int64 = 1 << 30, maxFailureRate: Double = 0.05, idleTimeoutSeconds: Int = 15,
        access: HTTPAccess = .open
    ) {
        self.access = access
        self.host = host
        self.port = port
        self.maxQueueDepth = maxQueueDepth
        self.minFreeFraction = minFreeFraction
        self.minFreeBytes = minFreeBytes
        self.maxFailureRate = maxFailureRate
        self.idleTimeoutSeconds = idleTimeoutSeconds
    }

    /// Parses `HOST:PORT` (`[::1]:8080` for IPv6); nil when it is not one.
    public static func parseAddress(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            return nil
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        return (host, port)
    }
}
