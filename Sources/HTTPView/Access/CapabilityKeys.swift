import Crypto

/// The keys of capability URLs, `/j/<id>/<key>/`: key = base64url of the first 128 bits of
/// HMAC-SHA256(secret, "mediaspool job v1:" + id). Without the secret a key cannot be guessed
/// or derived from other jobs' keys; with it, any tool can print a job's URL before or after
/// the job exists. A new secret makes every earlier URL useless.
public struct CapabilityKeys: Sendable {
    private let secret: SymmetricKey

    /// 128 bits, as base64url: 22 characters.
    static let keyBytes = 16
    /// At least 128 bits of secret.
    static let minimumSecretBytes = 16

    public init(secret: [UInt8], origin: String = "the capability secret") throws(HTTPAccessError) {
        guard secret.count >= Self.minimumSecretBytes else {
            throw HTTPAccessError(
                "\(origin): the capability secret must be at least \(Self.minimumSecretBytes) bytes (try: openssl rand -base64 32)")
        }
        self.secret = SymmetricKey(data: secret)
    }

    /// The key of job `id`.
    public func key(for id: String) -> String {
        Base64URL.encode(digest(for: id))
    }

    /// The job's own URL path, `/j/<id>/<key>/` (ids need no escaping: `[A-Za-z0-9._-]`).
    public func path(for id: String) -> String {
        "/j/\(id)/\(key(for: id))/"
    }

    /// Whether `key` is job `id`'s, compared as text in constant time (so only the one
    /// canonical spelling of the key is accepted).
    func accepts(_ key: Substring, for id: String) -> Bool {
        ConstantTime.equal(Array(self.key(for: id).utf8), Array(key.utf8))
    }

    private func digest(for id: String) -> ArraySlice<UInt8> {
        Array(HMAC<SHA256>.authenticationCode(for: Array("mediaspool job v1:\(id)".utf8), using: secret)).prefix(Self.keyBytes)
    }
}
