import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A bound `AF_UNIX` datagram socket standing in for systemd's notification socket or
/// journald's: a thread of its own collects every datagram until ``stop()``, which every
/// user must call (the thread keeps the collector alive until then).
final class DatagramCollector: @unchecked Sendable {
    /// The address as a client names it: a path, or `@name` for an abstract socket.
    let address: String
    private let descriptor: Int32
    private let lock = NSLock()
    private var received: [[UInt8]] = []
    private var stopped = false
    private var reader: Thread?

    init(address: String) throws {
        self.address = address
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var bytes = Array(address.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 } else { bytes.append(0) }
        var socketAddress = sockaddr_un()
        socketAddress.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &socketAddress.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count)
        let result = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard result == 0 else {
            close(descriptor)
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        // Large entries (a long multi-line value) must not be cut.
        var size: Int32 = 4 << 20
        setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        let thread = Thread { [self] in collect() }
        thread.name = "datagram-collector"
        reader = thread
        thread.start()
    }

    deinit {
        stop()
        close(descriptor)
        if !address.hasPrefix("@") { unlink(address) }
    }

    /// A fresh path for a socket in the temporary directory (short: `sun_path` holds 107 bytes).
    static func temporaryPath(_ label: String) -> String {
        "/tmp/\(label)-\(UUID().uuidString.prefix(8)).sock"
    }

    /// Every datagram so far, in order.
    var datagrams: [[UInt8]] { lock.withLock { received } }

    /// Every datagram so far as text (notifications are text).
    var messages: [String] { datagrams.map { String(decoding: $0, as: UTF8.self) } }

    func stop() {
        lock.withLock { stopped = true }
        while let reader, !reader.isFinished { usleep(1000) }
    }

    private func collect() {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while !lock.withLock({ stopped }) {
            var descriptors = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptors, 1, 50) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count >= 0 { lock.withLock { received.append(Array(buffer.prefix(count))) } }
        }
    }
}
