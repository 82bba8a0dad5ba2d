import CCurl

/// Owns one handle of curl's URL parser (`CURLU`, https://curl.se/libcurl/c/curl_url.html),
/// so that the host the allow-list sees is the host curl connects to: no second parser to
/// disagree with curl's about `http://a@b@c/` or `http://0x7f.1/`.
struct CurlURL: ~Copyable {
    private let handle: OpaquePointer

    /// Nil only when curl cannot allocate.
    init?() {
        guard let handle = curl_url() else { return nil }
        self.handle = handle
    }

    deinit { curl_url_cleanup(handle) }

    /// Sets (or with nil, clears) one part; curl's code on failure.
    @discardableResult
    func set(_ part: CURLUPart, _ value: String?, flags: UInt32 = 0) -> CURLUcode {
        guard let value else { return curl_url_set(handle, part, nil, flags) }
        return curl_url_set(handle, part, value, flags)
    }

    /// One part, or nil when the URL has none (or curl fails).
    func get(_ part: CURLUPart, flags: UInt32 = 0) -> String? {
        var text: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, part, &text, flags) == CURLUE_OK, let text else { return nil }
        defer { curl_free(text) }
        return String(cString: text)
    }

    /// curl's words for a parse error (`curl_url_strerror`).
    static func message(_ code: CURLUcode) -> String {
        String(cString: curl_url_strerror(code))
    }
}
