extension IPAddress {
    /// Whether this is a globally routable unicast address. False for what a job file must
    /// not reach through a wildcard-allowed name: loopback, private (RFC 1918, IPv6 ULA),
    /// link-local (with the cloud metadata service at 169.254.169.254), carrier-grade NAT,
    /// unspecified, multicast, broadcast, reserved and documentation ranges, and IPv4 embedded
    /// in IPv6 (mapped, NAT64, 6to4) when the embedded address is one of those.
    var isPublic: Bool {
        isIPv6 ? Self.isPublicIPv6(bytes) : Self.isPublicIPv4(bytes[...])
    }

    private static func isPublicIPv4(_ b: ArraySlice<UInt8>) -> Bool {
        let a = b[b.startIndex]
        let c = b[b.startIndex + 1]
        let d = b[b.startIndex + 2]
        switch a {
        case 0, 10, 127: return false  // "this network", private, loopback
        case 100 where c & 0xC0 == 64: return false  // 100.64.0.0/10 carrier-grade NAT
        case 169 where c == 254: return false  // link-local, cloud metadata
        case 172 where c & 0xF0 == 16: return false  // 172.16.0.0/12
        case 192 where c == 168: return false  // 192.168.0.0/16
        case 192 where c == 0 && (d == 0 || d == 2): return false  // IETF assignments, TEST-NET-1
        case 198 where c & 0xFE == 18: return false  // 198.18.0.0/15 benchmarking
        case 198 where c == 51 && d == 100: return false  // TEST-NET-2
        case 203 where c == 0 && d == 113: return false  // TEST-NET-3
        case 224...: return false  // multicast, reserved, broadcast
        default: return true
        }
    }

    private static func isPublicIPv6(_ b: [UInt8]) -> Bool {
        let zeroPrefix = b.prefix(10).allSatisfy { $0 == 0 }
        if zeroPrefix && b[10] == 0xFF && b[11] == 0xFF { return isPublicIPv4(b[12...]) }  // ::ffff:a.b.c.d
        if zeroPrefix && b[10] == 0 && b[11] == 0 { return false }  // ::, ::1, IPv4-compatible
        if b.prefix(12).elementsEqual([0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0]) { return isPublicIPv4(b[12...]) }  // NAT64
        if b[0] == 0x20 && b[1] == 0x02 { return isPublicIPv4(b[2..<6]) }  // 6to4
        if b.prefix(4).elementsEqual([0x20, 0x01, 0x0D, 0xB8]) { return false }  // documentation
        return b[0] & 0xE0 == 0x20  // 2000::/3, global unicast; not ULA, link-local, multicast
    }
}
