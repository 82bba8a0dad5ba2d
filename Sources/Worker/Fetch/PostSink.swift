import CCurl

#if canImport(Glibc)
    import Glibc
#endif

/// The receiving end of one ``HTTPPost``, given to curl's callbacks as their user pointer: it
/// reads the status of the last response head, reads and drops at most `maxBytes` of the body
/// (then stops the transfer: only the status matters), and lets curl open sockets only to the
/// addresses ``HostGate`` admitted.
final class PostSink {
    private let maxBytes: Int
    private let admitted: Set<IPAddress>
    private var bodyBytes = 0

    /// The status of the last response head (after any 1xx).
    private(set) var status: Int?
    /// Whether the sink cut the body short (curl then reports `CURLE_WRITE_ERROR`).
    private(set) var stoppedReading = false
    /// An address curl was about to connect to that ``HostGate`` had not admitted.
    private(set) var refusedAddress: String?

    init(maxBytes: Int, admitted: [IPAddress]) {
        self.maxBytes = maxBytes
        self.admitted = Set(admitted)
    }

    /// Points `easy`'s header, write and open-socket callbacks at this sink. The caller keeps
    /// the sink alive until `perform()` returns.
    func install(on easy: borrowing CurlEasy) throws(CurlError) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        try easy.set(CURLOPT_HEADERDATA, pointer: me)
        try easy.set(CURLOPT_HEADERFUNCTION) { data, size, count, user in
            Unmanaged<PostSink>.fromOpaque(user!).takeUnretainedValue().header(UnsafeRawBufferPointer(start: data, count: size * count))
        }
        try easy.set(CURLOPT_WRITEDATA, pointer: me)
        try easy.set(CURLOPT_WRITEFUNCTION) { _, size, count, user in
            Unmanaged<PostSink>.fromOpaque(user!).takeUnretainedValue().body(size * count)
        }
        try easy.set(CURLOPT_OPENSOCKETDATA, pointer: me)
        try easy.setOpenSocket { user, _, address in
            guard let user, let address else { return ccurl_socket_bad() }
            return Unmanaged<PostSink>.fromOpaque(user).takeUnretainedValue().openSocket(address)
        }
    }

    private func header(_ line: UnsafeRawBufferPointer) -> Int {
        if line.starts(with: "HTTP/".utf8) {
            let parts = String(decoding: line, as: UTF8.self).split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) : nil
        }
        return line.count
    }

    /// Counts and drops a piece of the body; past `maxBytes`, stops the transfer.
    private func body(_ count: Int) -> Int {
        bodyBytes += count
        guard bodyBytes <= maxBytes else {
            stoppedReading = true
            return 0
        }
        return count
    }

    private func openSocket(_ address: UnsafeMutablePointer<curl_sockaddr>) -> curl_socket_t {
        let socketAddress = UnsafeRawPointer(address) + MemoryLayout<curl_sockaddr>.offset(of: \curl_sockaddr.addr)!
        guard let target = IPAddress(socketAddress: socketAddress), admitted.contains(target) else {
            refusedAddress = IPAddress(socketAddress: socketAddress)?.description ?? "an address of family \(address.pointee.family)"
            return ccurl_socket_bad()
        }
        return socket(address.pointee.family, address.pointee.socktype | Int32(SOCK_CLOEXEC.rawValue), address.pointee.protocol)
    }
}
