/// The hosts that `http(s)://` inputs may name (`--allow-host`): exact names, `*.example.com`
/// for any subdomain of example.com, IP literals only when listed exactly. Case-insensitive.
/// Empty by default, so no job file can make the worker reach an internal service until an
/// operator opts in.
public struct HostAllowList: Sendable, Equatable {
    public var patterns: [String]

    public init(_ patterns: [String] = []) {
        self.patterns = patterns.map { $0.lowercased() }
    }

    /// Every host: only for checking the job format in isolation (the schema tests).
    public static let anyHost = HostAllowList(["*"])

    public var isEmpty: Bool { patterns.isEmpty }

    public func allows(host: String) -> Bool {
        let host = host.lowercased()
        return patterns.contains { pattern in
            if pattern == "*" { return true }
            if pattern.hasPrefix("*.") { return host.hasSuffix(pattern.dropFirst(1)) && host.count > pattern.count - 1 }
            return host == pattern
        }
    }

    /// A pattern's problem, for validating `--allow-host` values; nil when it is fine.
    public static func problem(with pattern: String) -> String? {
        let body = pattern.hasPrefix("*.") ? String(pattern.dropFirst(2)) : pattern
        guard !body.isEmpty, body.utf8.count <= 253,
            body.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == ":" || $0 == "[" || $0 == "]") })
        else {
            return "\"\(pattern)\" is not a host name (example.com), a subdomain pattern (*.example.com) or an IP address"
        }
        return nil
    }
}

extension InputReference {
    /// The host of an `http(s)://` URL, without userinfo, port or brackets; nil for anything else.
    public static func host(ofURL text: String) -> String? {
        let lowered = text.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else { return nil }
        var rest = Substring(text.drop(while: { $0 != ":" }).dropFirst(3))
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            return String(rest[rest.index(after: rest.startIndex)..<close]).lowercased()
        }
        if let colon = rest.firstIndex(of: ":") { rest = rest[..<colon] }
        return rest.isEmpty ? nil : rest.lowercased()
    }
}
