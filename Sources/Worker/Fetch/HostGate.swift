#if canImport(Glibc)
    import Glibc
#endif

/// Decides, before any connection, whether one URL (the job's, or a redirect hop) may be
/// fetched, and which addresses curl may connect to for it:
///
/// 1. the host must be in `allowedHosts` (``FetchPolicy/match(host:in:)``);
/// 2. a host name is resolved once, here (`getaddrinfo`); when only a wildcard allowed it,
///    every address must be public (``IPAddress/isPublic``), so `*.example.com` cannot be
///    pointed at 127.0.0.1 or 169.254.169.254 by whoever controls a subdomain's DNS;
/// 3. those addresses are pinned into curl (`CURLOPT_RESOLVE`), so curl does not look the
///    name up again and a DNS answer that changes between check and connect (rebinding) is
///    never used; and ``TransferSink`` refuses to open a socket to any other address.
///
/// Not guarded: an exactly listed name (or IP) may resolve to any address, private ones
/// included, since the operator named it; `getaddrinfo` has no timeout of its own (the
/// resolver's, from resolv.conf, applies); proxies are never used (`CURLOPT_PROXY` ""), so
/// `http_proxy` in the environment neither helps nor bypasses the check.
enum HostGate {
    /// The addresses curl may use for a URL, and the `CURLOPT_RESOLVE` entry pinning them
    /// (nil for an IP literal, which curl does not look up).
    struct Admission {
        let addresses: [IPAddress]
        let resolveEntry: String?
    }

    /// Admits `url` or fails with `host-not-allowed` (or `fetch-failed` when the name does not
    /// resolve: transient for a temporary DNS failure). `label` names the URL in messages.
    static func admit(_ url: FetchURL, policy: FetchPolicy, field: String, label: String) throws(FetchFailure) -> Admission {
        guard let match = FetchPolicy.match(host: url.host, in: policy.allowedHosts) else {
            let reason =
                policy.allowedHosts.isEmpty
                ? "\(label): no host is allowed (allowedHosts is empty); an operator must list \(url.host) in allowedHosts to fetch it"
                : "\(label): host \(url.host) is not in allowedHosts (\(policy.allowedHosts.joined(separator: ", ")))"
            throw FetchFailure(.hostNotAllowed, field: field, reason: reason)
        }
        let bare = FetchPolicy.normalized(url.host)
        if let literal = IPAddress(literal: bare) {
            return Admission(addresses: [literal], resolveEntry: nil)
        }
        let addresses = try resolve(bare, field: field, label: label)
        if match == .wildcard, let nonPublic = addresses.first(where: { !$0.isPublic }) {
            throw FetchFailure(
                .hostNotAllowed, field: field,
                reason:
                    "\(label): \(url.host) resolves to \(nonPublic), which is not a public address; a host allowed by a wildcard must be public (list it exactly in allowedHosts to allow it)"
            )
        }
        let entry = "\(bare):\(url.port):" + addresses.map(\.resolveText).joined(separator: ",")
        return Admission(addresses: addresses, resolveEntry: entry)
    }

    /// Every address `getaddrinfo` gives for `host`, in its order, without repeats.
    private static func resolve(_ host: String, field: String, label: String) throws(FetchFailure) -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, nil, &hints, &list)
        guard code == 0 else {
            throw FetchFailure(
                .fetchFailed, field: field, reason: "\(label): cannot resolve \(host): \(String(cString: gai_strerror(code)))",
                isTransient: code == EAI_AGAIN)
        }
        defer { freeaddrinfo(list) }
        var addresses: [IPAddress] = []
        var entry = list
        while let current = entry {
            if let raw = current.pointee.ai_addr, let address = IPAddress(socketAddress: raw), !addresses.contains(address) {
                addresses.append(address)
            }
            entry = current.pointee.ai_next
        }
        guard !addresses.isEmpty else {
            throw FetchFailure(.fetchFailed, field: field, reason: "\(label): \(host) has no IPv4 or IPv6 address")
        }
        return addresses
    }
}
