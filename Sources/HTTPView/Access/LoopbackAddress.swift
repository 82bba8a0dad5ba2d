#if canImport(Glibc)
    import Glibc
#endif

/// Whether a listening address is reachable from this machine only: 127.0.0.0/8, ::1 (and
/// ::ffff:127.x.y.z), or the name `localhost`. Any other name is not, whatever it resolves to
/// today: a name's address can change under a running server.
enum LoopbackAddress {
    static func contains(_ host: String) -> Bool {
        if host.lowercased() == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, host, &v6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }
        // An IPv4-mapped loopback address.
        return bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF && bytes[12] == 127
    }
}
