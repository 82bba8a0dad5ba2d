import CCurl

/// An http(s) URL as curl parses it: what curl is handed, what messages may show, and where
/// it connects.
struct FetchURL: Sendable, Equatable {
    /// The URL curl fetches, user name and password included.
    let text: String
    /// The URL without user name or password: the only form that reaches errors and results.
    let redacted: String
    /// Lower case: `http`, `https` (or another scheme curl knows, for the caller to refuse).
    let scheme: String
    /// The host curl looks up, without a trailing dot; IPv6 literals in brackets.
    let host: String
    /// The port curl connects to, the scheme's default when the URL has none.
    let port: Int

    /// Parses `text` with curl's URL parser; an invalid URL fails as `invalid-field`.
    static func parse(_ text: String, field: String) throws(FetchFailure) -> FetchURL {
        guard let url = CurlURL() else {
            throw FetchFailure(.internalError, field: field, reason: "curl_url: out of memory")
        }
        let code = url.set(CURLUPART_URL, text)
        guard code == CURLUE_OK else {
            throw FetchFailure(.invalidField, field: field, reason: "\(redact(text)) is not a valid URL: \(CurlURL.message(code))")
        }
        guard var host = url.get(CURLUPART_HOST), !host.isEmpty else {
            throw FetchFailure(.invalidField, field: field, reason: "URL \(redact(text)) has no host")
        }
        if host.hasSuffix("."), host.count > 1 {
            host.removeLast()
            url.set(CURLUPART_HOST, host)
        }
        let scheme = url.get(CURLUPART_SCHEME)?.lowercased() ?? ""
        let port = url.get(CURLUPART_PORT, flags: ccurlu_default_port()).flatMap { Int($0) } ?? 0
        guard let full = url.get(CURLUPART_URL) else {
            throw FetchFailure(.internalError, field: field, reason: "curl_url_get failed for \(redact(text))")
        }
        url.set(CURLUPART_USER, nil)
        url.set(CURLUPART_PASSWORD, nil)
        url.set(CURLUPART_OPTIONS, nil)
        let redacted = url.get(CURLUPART_URL) ?? redact(full)
        return FetchURL(text: full, redacted: redacted, scheme: scheme, host: host, port: port)
    }

    /// `text` without the user information of its authority (`https://user:secret@host/` →
    /// `https://host/`), for URLs curl could not parse.
    static func redact(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return text }
        return String(text[..<schemeEnd.upperBound] + rest[rest.index(after: at)...])
    }
}
