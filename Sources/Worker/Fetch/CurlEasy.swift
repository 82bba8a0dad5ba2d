import CCurl

/// Owns one curl easy handle (https://curl.se/libcurl/c/libcurl-easy.html), the error buffer
/// it writes into and the `CURLOPT_RESOLVE` and `CURLOPT_HTTPHEADER` lists it points to, and
/// frees them all in deinit.
///
/// One handle serves one request: nothing (credentials, cookies, pinned addresses, open
/// connections) carries over to the next hop of a redirect.
struct CurlEasy: ~Copyable {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var resolveList: UnsafeMutablePointer<curl_slist>?
    private var headerList: UnsafeMutablePointer<curl_slist>?

    /// `curl_global_init`, run once by whichever thread first needs it (Swift's lazy statics
    /// are thread-safe); it must precede every other curl call.
    private static let globalInit: CURLcode = curl_global_init(ccurl_global_default())

    init() throws(CurlError) {
        guard Self.globalInit == CURLE_OK else { throw CurlError("curl_global_init", Self.globalInit) }
        guard let handle = curl_easy_init() else { throw CurlError("curl_easy_init", CURLE_OUT_OF_MEMORY) }
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: ccurl_error_size())
        buffer.initialize(repeating: 0, count: ccurl_error_size())
        let code = ccurl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, buffer)
        guard code == CURLE_OK else {
            curl_easy_cleanup(handle)
            buffer.deallocate()
            throw CurlError("curl_easy_setopt(CURLOPT_ERRORBUFFER)", code)
        }
        self.handle = handle
        self.errorBuffer = buffer
        self.resolveList = nil
        self.headerList = nil
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(resolveList)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// A `long` option (CURLOPTTYPE_LONG).
    func set(_ option: CURLoption, _ value: Int) throws(CurlError) {
        try check(ccurl_easy_setopt_long(handle, option, value), option)
    }

    /// A `curl_off_t` option (CURLOPTTYPE_OFF_T, the `_LARGE` ones).
    func set(_ option: CURLoption, large value: Int64) throws(CurlError) {
        try check(ccurl_easy_setopt_off_t(handle, option, curl_off_t(value)), option)
    }

    /// A string option; curl keeps its own copy.
    func set(_ option: CURLoption, _ value: String) throws(CurlError) {
        try check(ccurl_easy_setopt_string(handle, option, value), option)
    }

    /// A callback's user pointer (`CURLOPT_WRITEDATA`, …); it must outlive ``perform()``.
    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(CurlError) {
        try check(ccurl_easy_setopt_pointer(handle, option, pointer), option)
    }

    /// `CURLOPT_WRITEFUNCTION` or `CURLOPT_HEADERFUNCTION`.
    func set(_ option: CURLoption, callback: curl_write_callback) throws(CurlError) {
        try check(ccurl_easy_setopt_write_callback(handle, option, callback), option)
    }

    /// `CURLOPT_XFERINFOFUNCTION` (and `CURLOPT_NOPROGRESS` 0, without which it is never called).
    func setTransferInfo(_ callback: curl_xferinfo_callback) throws(CurlError) {
        try check(ccurl_easy_setopt_xferinfo_callback(handle, callback), CURLOPT_XFERINFOFUNCTION)
        try set(CURLOPT_NOPROGRESS, 0)
    }

    /// `CURLOPT_OPENSOCKETFUNCTION`.
    func setOpenSocket(_ callback: curl_opensocket_callback) throws(CurlError) {
        try check(ccurl_easy_setopt_opensocket_callback(handle, callback), CURLOPT_OPENSOCKETFUNCTION)
    }

    /// `CURLOPT_RESOLVE`: `host:port:address[,address…]` entries curl uses instead of its
    /// own lookup (https://curl.se/libcurl/c/CURLOPT_RESOLVE.html).
    mutating func pin(_ entries: [String]) throws(CurlError) {
        let list = try Self.makeList(entries)
        let code = ccurl_easy_setopt_slist(handle, CURLOPT_RESOLVE, list)
        curl_slist_free_all(resolveList)
        resolveList = list
        try check(code, CURLOPT_RESOLVE)
    }

    /// `CURLOPT_HTTPHEADER`: request headers as `Name: value` lines (`Name:` removes one curl
    /// would add, https://curl.se/libcurl/c/CURLOPT_HTTPHEADER.html).
    mutating func setHeaders(_ lines: [String]) throws(CurlError) {
        let list = try Self.makeList(lines)
        let code = ccurl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, list)
        curl_slist_free_all(headerList)
        headerList = list
        try check(code, CURLOPT_HTTPHEADER)
    }

    /// A POST of `body`: its size, then `CURLOPT_COPYPOSTFIELDS`, which copies the bytes.
    func setPostBody(_ body: [UInt8]) throws(CurlError) {
        try set(CURLOPT_POST, 1)
        try set(CURLOPT_POSTFIELDSIZE_LARGE, large: Int64(body.count))
        var bytes = body
        let code = bytes.withUnsafeMutableBytes { ccurl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) }
        try check(code, CURLOPT_COPYPOSTFIELDS)
    }

    private static func makeList(_ entries: [String]) throws(CurlError) -> UnsafeMutablePointer<curl_slist>? {
        var list: UnsafeMutablePointer<curl_slist>?
        for entry in entries {
            guard let longer = curl_slist_append(list, entry) else {
                curl_slist_free_all(list)
                throw CurlError("curl_slist_append", CURLE_OUT_OF_MEMORY)
            }
            list = longer
        }
        return list
    }

    /// Runs the transfer; blocks until it ends.
    func perform() -> CURLcode {
        errorBuffer[0] = 0
        return curl_easy_perform(handle)
    }

    /// What went wrong with `code`: curl's detailed text when it wrote one, else its generic one.
    func failure(_ code: CURLcode) -> CurlError {
        CurlError("curl_easy_perform", code, message: errorBuffer[0] != 0 ? String(cString: errorBuffer) : nil)
    }

    /// A `long` result of the last transfer (CURLINFO_LONG).
    func info(_ info: CURLINFO) -> Int? {
        var value = 0
        return ccurl_easy_getinfo_long(handle, info, &value) == CURLE_OK ? value : nil
    }

    /// A `curl_off_t` result (CURLINFO_OFF_T); nil when curl has none (it reports -1).
    func info(large info: CURLINFO) -> Int64? {
        var value: curl_off_t = -1
        return ccurl_easy_getinfo_off_t(handle, info, &value) == CURLE_OK && value >= 0 ? Int64(value) : nil
    }

    /// A string result (CURLINFO_STRING), copied.
    func info(string info: CURLINFO) -> String? {
        var value: UnsafePointer<CChar>?
        guard ccurl_easy_getinfo_string(handle, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(CurlError) {
        guard code == CURLE_OK else { throw CurlError("curl_easy_setopt(\(option.rawValue))", code) }
    }
}
