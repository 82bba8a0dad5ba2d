#if canImport(Glibc)
    import Glibc
#endif

/// An unbound `AF_UNIX` datagram socket that sends to one address: how a process talks to
/// systemd's notification socket and to the journal. The owner closes it.
///
/// The address is a file system path, or an abstract name written `@name` (the form systemd
/// uses in `$NOTIFY_SOCKET`), whose first byte becomes NUL as unix(7) describes.
final class UnixDatagramSocket: Sendable {
    let path: String
    private let descriptor: Int32
    /// `sun_path` as sent: the path with its NUL, or NUL and the abstract name without one.
    private let addressBytes: [UInt8]

    init(path: String) throws(SpoolError) {
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") {
            bytes[0] = 0
        } else {
            bytes.append(0)
        }
        let capacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path)
        guard bytes.count > 1, bytes.count <= capacity, !path.isEmpty else {
            throw SpoolError(.invalidArgument, "socket address \"\(path)\" is empty or longer than \(capacity - 1) bytes")
        }
        self.path = path
        addressBytes = bytes
        descriptor = try systemCall("socket", path: path) {
            socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
    }

    deinit {
        close(descriptor)
    }

    /// Asks for a send buffer of `bytes` (best effort): a datagram larger than the buffer fails with EMSGSIZE.
    func requestSendBuffer(_ bytes: Int32) {
        var size = bytes
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Sends one datagram; throws with the `errno` of `sendto` (ENOENT or ECONNREFUSED when
    /// nobody listens, EMSGSIZE when it is too large, EAGAIN when the receiver is full).
    func send(_ bytes: [UInt8]) throws(SpoolError) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: addressBytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + addressBytes.count)
        let descriptor = self.descriptor
        try systemCall("sendto", path: path) {
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    bytes.withUnsafeBytes { buffer in
                        sendto(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL), socketAddress, length)
                    }
                }
            }
        }
    }
}
