import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One HTTP/1.1 response as it came off the wire.
struct RawResponse: Sendable {
    var statusLine: String
    var status: Int
    /// In the order received, names as sent.
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// The first value of a header, by case-insensitive name.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Lower-cased name and value of every header except those that change per response.
    var stableHeaders: [String] {
        headers.map { "\($0.name.lowercased()): \($0.value)" }.filter { !$0.hasPrefix("date:") }.sorted()
    }

    var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// A tiny HTTP/1.1 client over a plain TCP socket: it sends exactly the bytes it is given and
/// reads exactly what comes back, so tests see framing (Content-Length, a body after HEAD or
/// 304) that a real client library would hide. Blocking calls run on a thread of their own, so
/// they never hold up the Swift concurrency threads that the server under test runs on.
final class RawConnection: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let socket: Int32
    /// Bytes received but not yet consumed by a response.
    private var pending: [UInt8] = []

    init(port: Int, timeoutSeconds: Int = 60) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(socket)
            throw Failure(description: "connect to port \(port): errno \(errno)")
        }
    }

    deinit {
        close(socket)
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw Failure(description: "send: errno \(errno)") }
            sent += count
        }
    }

    /// Reads one response. Its body is Content-Length bytes, none when `bodyless` (the answer
    /// to HEAD, or a 304), or everything up to the close when there is no Content-Length.
    func readResponse(bodyless: Bool = false) throws -> RawResponse {
        var headerEnd: Int?
        while headerEnd == nil {
            headerEnd = Self.find([13, 10, 13, 10], in: pending)
            if headerEnd == nil { guard try receive() else { throw Failure(description: "closed before the end of the headers") } }
        }
        let head = String(decoding: pending[..<headerEnd!], as: UTF8.self)
        pending.removeFirst(headerEnd! + 4)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "HTTP/1.1", let status = Int(parts[1]) else {
            throw Failure(description: "bad status line: \(statusLine)")
        }
        var headers: [(String, String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw Failure(description: "bad header line: \(line)") }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var response = RawResponse(statusLine: statusLine, status: status, headers: headers, body: [])
        if bodyless || status == 304 || status == 204 || (100..<200).contains(status) { return response }
        if let length = response.header("Content-Length").flatMap(Int.init) {
            while pending.count < length {
                guard try receive() else { throw Failure(description: "closed after \(pending.count) of \(length) body bytes") }
            }
            response.body = Array(pending[..<length])
            pending.removeFirst(length)
        } else {
            while try receive() {}
            response.body = pending
            pending = []
        }
        return response
    }

    /// Everything that arrives until the server closes the connection.
    func readUntilClose() throws -> [UInt8] {
        while try receive() {}
        defer { pending = [] }
        return pending
    }

    /// One recv into `pending`; false at the end of the stream.
    private func receive() throws -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress!, $0.count, 0) }
        if count < 0 { throw Failure(description: "recv: errno \(errno)") }
        pending += buffer[..<count]
        return count > 0
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<start + needle.count].elementsEqual(needle) {
            return start
        }
        return nil
    }
}

/// Requests with `Connection: close`, one connection each.
enum RawHTTP {
    /// Sends `method target` with the given extra header lines and reads the response and then
    /// everything up to the close: `trailing` is any byte sent after the response's framing.
    /// `body`, when given, is sent with its Content-Length.
    static func request(
        port: Int, _ method: String, _ target: String, headers: [String] = [], body: String? = nil
    ) async throws -> (response: RawResponse, trailing: [UInt8]) {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        for line in headers { text += line + "\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "Connection: close\r\n\r\n" + (body ?? "")
        let request = text
        return try await onThread {
            let connection = try RawConnection(port: port)
            try connection.send(request)
            let response = try connection.readResponse(bodyless: method == "HEAD")
            return (response, try connection.readUntilClose())
        }
    }

    /// Runs blocking socket work on a thread of its own.
    static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}
