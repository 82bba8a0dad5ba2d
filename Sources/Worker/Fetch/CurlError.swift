import CCurl

/// A libcurl call that failed: the function, curl's code and curl's words for it.
struct CurlError: Error, Sendable, CustomStringConvertible {
    let function: String
    let code: UInt32
    let message: String

    init(_ function: String, _ code: CURLcode, message: String? = nil) {
        self.function = function
        self.code = code.rawValue
        self.message = message ?? String(cString: curl_easy_strerror(code))
    }

    /// "curl_easy_setopt: Unknown option (curl error 48)".
    var description: String { "\(function): \(message) (curl error \(code))" }
}
