#if canImport(Glibc)
    import Glibc
#endif

/// An IPv4 or IPv6 address, as its bytes in network order: what a host name resolved to,
/// or what curl is about to connect to.
struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// 4 bytes (IPv4) or 16 (IPv6).
    let bytes: [UInt8]

    /// Parses a numeric address (`inet_pton`: dotted quad or IPv6 text, no brackets).
    init?(literal text: String) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: v4) { Array($0) }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            bytes = withUnsafeBytes(of: v6) { Array($0) }
        } else {
            return nil
        }
    }

    /// Reads the `sockaddr_in` or `sockaddr_in6` at `address`; nil for other families.
    init?(socketAddress address: UnsafeRawPointer) {
        switch Int32(address.loadUnaligned(as: sa_family_t.self)) {
        case AF_INET:
            let socket = address.loadUnaligned(as: sockaddr_in.self)
            bytes = withUnsafeBytes(of: socket.sin_addr) { Array($0) }
        case AF_INET6:
            let socket = address.loadUnaligned(as: sockaddr_in6.self)
            bytes = withUnsafeBytes(of: socket.sin6_addr) { Array($0) }
        default:
            return nil
        }
    }

    var isIPv6: Bool { bytes.count == 16 }

    /// `inet_ntop`'s text: `192.0.2.7`, `2001:db8::7`.
    var description: String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        bytes.withUnsafeBytes { raw in
            _ = inet_ntop(isIPv6 ? AF_INET6 : AF_INET, raw.baseAddress, &text, socklen_t(text.count))
        }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The form `CURLOPT_RESOLVE` takes: IPv6 in brackets.
    var resolveText: String { isIPv6 ? "[\(description)]" : description }
}
