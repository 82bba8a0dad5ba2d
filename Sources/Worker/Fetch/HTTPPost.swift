import CCurl

/// One POST of a small body to an http(s) URL, within the same guard as URL inputs: the host
/// must be allowed (``HostGate``: resolved once, addresses checked and pinned, any other
/// address refused when curl opens its socket), no proxy, no redirect followed, bounded time,
/// and the answer's body read at most `maxResponseBytes` and thrown away. Blocks the calling
/// thread until the transfer ends; the daemon's callback delivery runs it on threads of its own.
public struct HTTPPost: Sendable {
    public var url: String
    /// Request headers as `Name: value` lines.
    public var headers: [String]
    public var body: [UInt8]
    /// Hosts the URL may name (``FetchPolicy/allowedHosts``).
    public var allowedHosts: [String]
    public var connectTimeoutSeconds: Double
    /// Budget of the whole request, connection and answer included.
    public var timeoutSeconds: Double
    public var maxResponseBytes = 64 << 10

    public init(
        url: String, headers: [String], body: [UInt8], allowedHosts: [String], connectTimeoutSeconds: Double, timeoutSeconds: Double
    ) {
        self.url = url
        self.headers = headers
        self.body = body
        self.allowedHosts = allowedHosts
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.timeoutSeconds = timeoutSeconds
    }

    public enum Outcome: Sendable, Equatable {
        /// The receiver answered with this status (and Retry-After, in seconds, if it sent one).
        case answered(status: Int, retryAfterSeconds: Int?)
        /// No answer: `transient` for network errors and timeouts, not for a host that is not
        /// allowed or a URL that cannot be used.
        case failed(reason: String, transient: Bool)
    }

    /// `url` as logs and the ledger may show it: without user name or password.
    public static func redacted(_ url: String) -> String {
        (try? FetchURL.parse(url, field: "url").redacted) ?? FetchURL.redact(url)
    }

    public func run() -> Outcome {
        let target: FetchURL
        let admission: HostGate.Admission
        do throws(FetchFailure) {
            target = try FetchURL.parse(url, field: "callbackUrl")
            guard target.scheme == "http" || target.scheme == "https" else {
                return .failed(reason: "\(target.redacted): only http and https URLs are called", transient: false)
            }
            admission = try HostGate.admit(
                target, policy: FetchPolicy(allowedHosts: allowedHosts), field: "callbackUrl", label: target.redacted)
        } catch {
            return .failed(reason: error.error.reason, transient: error.isTransient)
        }
        let sink = PostSink(maxBytes: maxResponseBytes, admitted: admission.addresses)
        do throws(CurlError) {
            var easy = try CurlEasy()
            try configure(&easy, url: target, admission: admission)
            try sink.install(on: easy)
            let code = withExtendedLifetime(sink) { easy.perform() }
            if let refused = sink.refusedAddress {
                return .failed(
                    reason: "\(target.redacted): refused to connect to \(refused), not an address admitted for \(target.host)",
                    transient: false)
            }
            if let status = sink.status, code == CURLE_OK || sink.stoppedReading {
                let retryAfter = easy.info(large: CURLINFO_RETRY_AFTER).flatMap { $0 > 0 ? Int($0) : nil }
                return .answered(status: status, retryAfterSeconds: retryAfter)
            }
            let failure = easy.failure(code)
            let permanent = code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_URL_MALFORMAT
            return .failed(reason: "\(target.redacted): \(failure.message) (curl error \(failure.code))", transient: !permanent)
        } catch {
            return .failed(reason: "\(target.redacted): \(error)", transient: true)
        }
    }

    private func configure(_ easy: inout CurlEasy, url: FetchURL, admission: HostGate.Admission) throws(CurlError) {
        let total = max(1, Int(timeoutSeconds * 1000))
        try easy.set(CURLOPT_URL, url.text)
        try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_FOLLOWLOCATION, 0)
        try easy.set(CURLOPT_NOSIGNAL, 1)
        try easy.set(CURLOPT_PROXY, "")
        try easy.set(CURLOPT_USERAGENT, "mediaspool")
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, min(max(1, Int(connectTimeoutSeconds * 1000)), total))
        try easy.set(CURLOPT_TIMEOUT_MS, total)
        // "Expect:" stops curl from waiting for a 100 Continue that many servers never send.
        try easy.setHeaders(headers + ["Expect:"])
        try easy.setPostBody(body)
        if let entry = admission.resolveEntry { try easy.pin([entry]) }
    }
}
