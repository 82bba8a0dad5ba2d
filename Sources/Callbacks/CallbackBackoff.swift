/// Waits between tries of one delivery: exponential (`baseSeconds · 2^(n−1)` after try n),
/// capped at `maxSeconds`, with ±20 % jitter so that receivers that come back after an outage
/// are not hit by every queued callback in the same second.
public struct CallbackBackoff: Sendable, Equatable {
    public var baseSeconds: Double
    public var maxSeconds: Double
    public static let jitter = 0.2

    public init(baseSeconds: Double, maxSeconds: Double) {
        self.baseSeconds = baseSeconds
        self.maxSeconds = maxSeconds
    }

    /// The wait before the try after try `attempt` (1-based). `random` is in 0…1 (the jitter's
    /// draw, given by tests); `retryAfter` is the receiver's Retry-After, honoured up to
    /// `maxSeconds`.
    public func delay(afterTry attempt: Int, random: Double = Double.random(in: 0...1), retryAfter: Int? = nil) -> Double {
        let doubling = baseSeconds * Double(1 << min(max(attempt - 1, 0), 30))
        let spread = 1 - Self.jitter + 2 * Self.jitter * min(max(random, 0), 1)
        let delay = min(maxSeconds, doubling) * spread
        guard let retryAfter, retryAfter > 0 else { return delay }
        return max(delay, min(Double(retryAfter), maxSeconds))
    }
}
