import Crypto
import Hummingbird

/// The bearer token of `token` mode (and of operators in `capability` mode). Only its SHA-256
/// is kept; a presented token is hashed and the digests compared in constant time, so neither
/// the token's length nor its first differing byte shows in the time an answer takes.
public struct BearerToken: Sendable {
    private let digest: [UInt8]
    /// The value of the login cookie: derived from the token, so the token itself never sits in
    /// a browser's cookie store, a new token logs everyone out, and no session state is kept.
    let sessionValue: String

    static let cookieName = "mediaspool_session"
    /// Short tokens can be guessed; 16 characters of base64 are 96 bits.
    static let minimumLength = 16

    /// `origin` (a file or a variable) names the source in errors; the token never appears.
    public init(_ token: String, origin: String = "the token") throws(HTTPAccessError) {
        guard token.utf8.count >= Self.minimumLength else {
            throw HTTPAccessError("\(origin): the token must be at least \(Self.minimumLength) characters (try: openssl rand -base64 32)")
        }
        // RFC 6750's b64token, so it fits an Authorization header as it is.
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/=".utf8)
        guard token.utf8.allSatisfy({ allowed.contains($0) }) else {
            throw HTTPAccessError("\(origin): the token may hold only letters, digits and - . _ ~ + / = (try: openssl rand -base64 32)")
        }
        digest = Array(SHA256.hash(data: Array(token.utf8)))
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array("mediaspool session v1".utf8), using: SymmetricKey(data: Array(token.utf8)))
        sessionValue = Base64URL.encode(mac)
    }

    /// Whether `candidate` is the token.
    func matches(_ candidate: Substring) -> Bool {
        ConstantTime.equal(digest, Array(SHA256.hash(data: Array(candidate.utf8))))
    }

    /// Whether the request carries the token: `Authorization: Bearer <token>`, or the cookie
    /// that `/login` set.
    func admits(_ request: Request) -> Bool {
        if let presented = Self.presented(in: request.headers[.authorization]) { return matches(presented) }
        guard let cookie = request.cookies[Self.cookieName]?.value else { return false }
        return ConstantTime.equal(Array(sessionValue.utf8), Array(cookie.utf8))
    }

    /// The credentials of a `Bearer` Authorization header (the scheme is case-insensitive).
    static func presented(in header: String?) -> Substring? {
        guard let header, let space = header.firstIndex(of: " ") else { return nil }
        guard header[..<space].lowercased() == "bearer" else { return nil }
        return header[header.index(after: space)...].drop { $0 == " " }
    }
}
