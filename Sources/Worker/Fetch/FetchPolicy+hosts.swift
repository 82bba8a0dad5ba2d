extension FetchPolicy {
    /// How a host is allowed: listed exactly, or only through a wildcard.
    enum HostMatch: Equatable {
        case exact
        case wildcard
    }

    /// How `host` matches `allowedHosts`, or nil when it does not.
    static func match(host: String, in allowedHosts: [String]) -> HostMatch? {
        let host = normalized(host)
        guard !host.isEmpty, host.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        if let address = IPAddress(literal: host) {
            let listed = allowedHosts.contains { IPAddress(literal: normalized($0)) == address }
            return listed ? .exact : nil
        }
        var wildcard = false
        for entry in allowedHosts.map(normalized) {
            if entry == host { return .exact }
            if entry == "*" {
                wildcard = true
            } else if entry.hasPrefix("*.") {
                let suffix = entry.dropFirst()  // ".example.com"
                if suffix.count > 1, host.count > suffix.count, host.hasSuffix(suffix) { wildcard = true }
            }
        }
        return wildcard ? .wildcard : nil
    }

    /// Lower case, without the brackets of an IPv6 literal or the trailing dot of a fully
    /// qualified name.
    static func normalized(_ host: String) -> String {
        var text = Substring(host.lowercased())
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        if text.hasSuffix("."), text.count > 1 { text = text.dropLast() }
        return String(text)
    }
}
