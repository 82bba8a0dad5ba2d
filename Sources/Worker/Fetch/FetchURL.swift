import CCurl

/// An http(s) URL as curl parses it: what curl is handed, what messages may show, and where
/// it connects.
struct FetchURL: Sendable, Equatable {
    /// The URL curl fetches, user name and password included.
    let text: String
    /// The URL without user name, password or query values (`?X-Amz-Signature=redacted`): the
    /// only form that reaches errors, results and the ledger. A presigned URL's query is a
    /// credential for as long as it is valid, and a callback URL's often holds a token.
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
        url.set(CURLUPART_FRAGMENT, nil)
        if let query = url.get(CURLUPART_QUERY), !query.isEmpty { url.set(CURLUPART_QUERY, maskedQuery(query)) }
        let redacted = url.get(CURLUPART_URL) ?? redact(full)
        return FetchURL(text: full, redacted: redacted, scheme: scheme, host: host, port: port)
    }

    /// `text` without the user information of its authority (`https://user:secret@host/` →
    /// `https://host/`) and with its query values masked, for URLs curl could not parse.
    static func redact(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        var rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        if let at = rest[..<authorityEnd].lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        var redacted = String(text[..<schemeEnd.upperBound] + rest)
        if let fragment = redacted.firstIndex(of: "#") { redacted = String(redacted[..<fragment]) }
        if let question = redacted.firstIndex(of: "?") {
            redacted = redacted[...question] + maskedQuery(String(redacted[redacted.index(after: question)...]))
        }
        return redacted
    }

    /// Each parameter's value replaced, names kept: `a=1&sig=xyz` → `a=redacted&sig=redacted`
    /// (a bare word, which may be a token itself, too).
    static func maskedQuery(_ query: String) -> String {
        query.split(separator: "&", omittingEmptySubsequences: false).map { parameter in
            guard let equals = parameter.firstIndex(of: "=") else { return parameter.isEmpty ? "" : "redacted" }
            return parameter[...equals] + "redacted"
        }.joined(separator: "&")
    }
}
