import Crypto

/// The signature receivers check: HMAC-SHA256 with the shared secret over
/// `"<timestamp>.<body>"`, where the timestamp is the `X-Mediaspool-Timestamp` header (Unix
/// seconds) and the body the exact bytes posted, sent as `X-Mediaspool-Signature:
/// sha256=<lower-case hex>`. Signing the timestamp with the body lets a receiver refuse
/// replays of an old request (say, older than five minutes).
public enum CallbackSignature {
    public static let headerPrefix = "sha256="

    /// `sha256=<hex>` for `body` sent at `timestamp`.
    public static func sign(body: [UInt8], timestamp: Int64, secret: [UInt8]) -> String {
        headerPrefix + hmacHex(key: secret, message: Array("\(timestamp).".utf8) + body)
    }

    /// Lower-case hex of HMAC-SHA256(key, message).
    public static func hmacHex(key: [UInt8], message: [UInt8]) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        return code.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Whether `signature` is what ``sign(body:timestamp:secret:)`` gives (constant time).
    public static func isValid(_ signature: String, body: [UInt8], timestamp: Int64, secret: [UInt8]) -> Bool {
        let expected = Array(sign(body: body, timestamp: timestamp, secret: secret).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
