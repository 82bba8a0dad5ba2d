import SpoolCore
import Worker

/// Makes one try of one delivery: the signed POST, and what its answer means.
struct CallbackSender: Sendable {
    let settings: CallbackSettings

    struct Result: Sendable, Equatable {
        var httpStatus: Int?
        var error: String?
        var delivered: Bool
        /// Worth another try: network errors, timeouts, 408, 429, 5xx.
        var retryable: Bool
        var retryAfterSeconds: Int?
        var durationSeconds: Double
    }

    /// The headers of try `attempt` sent at `timestamp` (Unix seconds).
    func headers(for delivery: CallbackDelivery, attempt: Int, timestamp: Int64) -> [String] {
        var headers = [
            "Content-Type: application/json",
            "X-Mediaspool-Job: \(delivery.jobId)",
            "X-Mediaspool-Delivery: \(delivery.deliveryId)",
            "X-Mediaspool-Attempt: \(attempt)",
            "X-Mediaspool-Timestamp: \(timestamp)",
        ]
        if let secret = settings.secret {
            headers.append(
                "X-Mediaspool-Signature: " + CallbackSignature.sign(body: delivery.bodyBytes, timestamp: timestamp, secret: secret))
        }
        return headers
    }

    /// Blocks for at most `requestTimeoutSeconds` (plus the name lookup).
    func send(_ delivery: CallbackDelivery, attempt: Int) -> Result {
        let timestamp = Timestamp.now().microseconds / 1_000_000
        let post = HTTPPost(
            url: delivery.url, headers: headers(for: delivery, attempt: attempt, timestamp: timestamp), body: delivery.bodyBytes,
            allowedHosts: settings.allowedHosts, connectTimeoutSeconds: settings.connectTimeoutSeconds,
            timeoutSeconds: settings.requestTimeoutSeconds)
        let started = ContinuousClock.now
        let outcome = post.run()
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return Self.classify(outcome, durationSeconds: seconds)
    }

    static func classify(_ outcome: HTTPPost.Outcome, durationSeconds: Double) -> Result {
        switch outcome {
        case .answered(let status, let retryAfter):
            switch status {
            case 200..<300:
                return Result(httpStatus: status, delivered: true, retryable: false, durationSeconds: durationSeconds)
            case 300..<400:
                return Result(
                    httpStatus: status, error: "HTTP \(status): redirects are not followed", delivered: false, retryable: false,
                    durationSeconds: durationSeconds)
            case 408, 429, 500..<600:
                return Result(
                    httpStatus: status, error: "HTTP \(status)", delivered: false, retryable: true, retryAfterSeconds: retryAfter,
                    durationSeconds: durationSeconds)
            default:
                return Result(
                    httpStatus: status, error: "HTTP \(status)", delivered: false, retryable: false, durationSeconds: durationSeconds)
            }
        case .failed(let reason, let transient):
            return Result(httpStatus: nil, error: reason, delivered: false, retryable: transient, durationSeconds: durationSeconds)
        }
    }
}
