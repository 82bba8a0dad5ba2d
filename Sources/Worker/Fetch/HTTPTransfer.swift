import CCurl

#if canImport(Glibc)
    import Glibc
#endif

/// One GET of one URL, redirects not followed: sets a fresh curl handle up with the policy's
/// limits, the admitted addresses and a ``TransferSink``, runs it, and sorts what happened
/// into an ``Outcome``.
struct HTTPTransfer {
    enum Outcome {
        case success(bytes: Int64, contentLength: Int64?, contentType: String?)
        /// A 3xx with a Location, resolved against the URL (`CURLINFO_REDIRECT_URL`).
        case redirect(to: String)
        /// With the server's Retry-After (seconds), if it sent one.
        case failure(FetchFailure, retryAfterSeconds: Int64?)
    }

    let url: FetchURL
    /// The URL as messages name it (redacted, with the redirect it came from).
    let label: String
    let field: String
    let policy: FetchPolicy
    let admission: HostGate.Admission
    /// What is left of the fetch's total budget.
    let timeLeft: Duration

    func run(into descriptor: Int32, progress: (Int64, Int64?) -> Void) -> Outcome {
        withoutActuallyEscaping(progress) { progress in
            let sink = TransferSink(
                descriptor: descriptor, maxBytes: policy.maxBytes, admitted: admission.addresses,
                readTimeout: .seconds(policy.readTimeoutSeconds), progress: progress)
            do {
                var easy = try CurlEasy()
                try configure(&easy)
                try sink.install(on: easy)
                let code = withExtendedLifetime(sink) { easy.perform() }
                return outcome(code, easy: easy, sink: sink)
            } catch {
                return .failure(FetchFailure(.internalError, field: field, reason: "\(label): \(error)"), retryAfterSeconds: nil)
            }
        }
    }

    private func configure(_ easy: inout CurlEasy) throws(CurlError) {
        let millisecondsLeft = max(
            1, Int(timeLeft.components.seconds) * 1000 + Int(timeLeft.components.attoseconds / 1_000_000_000_000_000))
        try easy.set(CURLOPT_URL, url.text)
        try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_FOLLOWLOCATION, 0)
        try easy.set(CURLOPT_FAILONERROR, 0)
        try easy.set(CURLOPT_NOSIGNAL, 1)
        try easy.set(CURLOPT_PROXY, "")
        try easy.set(CURLOPT_USERAGENT, "mediaspool")
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, min(policy.connectTimeoutSeconds * 1000, millisecondsLeft))
        try easy.set(CURLOPT_TIMEOUT_MS, millisecondsLeft)
        try easy.set(CURLOPT_MAXFILESIZE_LARGE, large: policy.maxBytes)
        if let entry = admission.resolveEntry { try easy.pin([entry]) }
    }

    private func outcome(_ code: CURLcode, easy: borrowing CurlEasy, sink: TransferSink) -> Outcome {
        if let refused = sink.refusedAddress {
            return .failure(
                FetchFailure(
                    .hostNotAllowed, field: field,
                    reason: "\(label): refused to connect to \(refused), not an address admitted for \(url.host)"),
                retryAfterSeconds: nil)
        }
        switch sink.stop {
        case .tooLarge:
            return .failure(tooLarge(sink.contentLength), retryAfterSeconds: nil)
        case .writeFailed(let error):
            let reason = "\(label): writing the download failed: \(String(cString: strerror(error)))"
            return .failure(FetchFailure(.ioError, field: field, reason: reason, isTransient: true), retryAfterSeconds: nil)
        case .stalled:
            let reason = "\(label): no data for \(policy.readTimeoutSeconds) s (read timeout) after \(sink.bytes) bytes"
            return .failure(FetchFailure(.fetchFailed, field: field, reason: reason, isTransient: true), retryAfterSeconds: nil)
        case .notSuccess, nil:
            break
        }
        if code == CURLE_FILESIZE_EXCEEDED && (sink.isSuccess || sink.status == nil) {
            return .failure(tooLarge(sink.contentLength ?? easy.info(large: CURLINFO_CONTENT_LENGTH_DOWNLOAD_T)), retryAfterSeconds: nil)
        }
        guard code == CURLE_OK || sink.stop == .notSuccess, let status = sink.status else {
            let failure = easy.failure(code)
            let reason = "\(label): \(failure.message) (curl error \(failure.code))"
            return .failure(
                FetchFailure(.fetchFailed, field: field, reason: reason, isTransient: Self.isTransient(code)), retryAfterSeconds: nil)
        }
        let statusText = "HTTP \(status)" + (sink.reasonPhrase.isEmpty ? "" : " \(sink.reasonPhrase)")
        switch status {
        case 200..<300:
            if let connected = easy.info(string: CURLINFO_PRIMARY_IP).flatMap(IPAddress.init(literal:)),
                !admission.addresses.contains(connected)
            {
                let reason = "\(label): connected to \(connected), not an address admitted for \(url.host)"
                return .failure(FetchFailure(.hostNotAllowed, field: field, reason: reason), retryAfterSeconds: nil)
            }
            return .success(bytes: sink.bytes, contentLength: sink.contentLength, contentType: easy.info(string: CURLINFO_CONTENT_TYPE))
        case 300..<400:
            guard let location = easy.info(string: CURLINFO_REDIRECT_URL) else {
                return .failure(
                    FetchFailure(.fetchFailed, field: field, reason: "\(label): \(statusText) without a Location"), retryAfterSeconds: nil)
            }
            return .redirect(to: location)
        case 408, 429, 500..<600:
            return .failure(
                FetchFailure(.fetchFailed, field: field, reason: "\(label): \(statusText)", isTransient: true),
                retryAfterSeconds: easy.info(large: CURLINFO_RETRY_AFTER).flatMap { $0 > 0 ? $0 : nil })
        default:
            return .failure(FetchFailure(.fetchFailed, field: field, reason: "\(label): \(statusText)"), retryAfterSeconds: nil)
        }
    }

    private func tooLarge(_ contentLength: Int64?) -> FetchFailure {
        let size = contentLength.map { "its Content-Length is \($0) bytes" } ?? "the body grew past that"
        return FetchFailure(.inputTooLarge, field: field, reason: "\(label): larger than maxBytes (\(policy.maxBytes) bytes): \(size)")
    }

    /// curl failures worth another try: the network, the server's connection, timeouts.
    static func isTransient(_ code: CURLcode) -> Bool {
        [
            CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING,
            CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_SSL_CONNECT_ERROR, CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_HTTP3,
        ].contains(code)
    }
}
