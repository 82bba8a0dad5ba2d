/// Where an input lives, decided from its text alone (no file-system access): a path to open
/// beneath one of the allowed roots, or a URL. The worker opens paths with `openat2`
/// (`RESOLVE_BENEATH`), so a symlink cannot lead out of the root either.
public enum InputReference: Sendable, Equatable {
    case file(root: String, relativePath: String)
    case url(String)

    /// Resolves `text` as written in a job: relative paths under `roots.media`, absolute
    /// paths and `file://` URLs only inside `roots.allowed`, `http(s)://` as URLs.
    public static func resolve(_ text: String, field: String, roots: InputRoots) throws(JobError) -> InputReference {
        guard !text.isEmpty else { throw JobError(.invalidField, field: field, reason: "must not be empty") }
        guard !text.utf8.contains(0) else { throw JobError(.invalidPath, field: field, reason: "contains a NUL byte") }
        let lowered = text.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
            let rest = text.drop(while: { $0 != ":" }).dropFirst(3)
            guard let host = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first, !host.isEmpty else {
                throw JobError(.invalidField, field: field, reason: "URL \(text) has no host")
            }
            return .url(text)
        }
        var path = text
        if lowered.hasPrefix("file://") {
            path = percentDecoded(String(text.dropFirst("file://".count)))
            guard path.hasPrefix("/") else {
                throw JobError(.invalidPath, field: field, reason: "file URLs must be file:///absolute/path, got \(text)")
            }
            guard !path.utf8.contains(0) else { throw JobError(.invalidPath, field: field, reason: "contains a NUL byte") }
        } else if let schemeEnd = text.range(of: "://"), text[..<schemeEnd.lowerBound].allSatisfy(\.isLetter) {
            throw JobError(
                .invalidPath, field: field,
                reason: "scheme \(text[..<schemeEnd.lowerBound]):// is not supported; use a path under media/, file:// or http(s)://")
        }
        let components = try normalizedComponents(path, field: field)
        guard !components.isEmpty else { throw JobError(.invalidPath, field: field, reason: "names a folder, not a file") }
        if !path.hasPrefix("/") {
            return .file(root: roots.media, relativePath: components.joined(separator: "/"))
        }
        for root in roots.allowed {
            let rootComponents = root.split(separator: "/").map(String.init)
            if components.count > rootComponents.count, Array(components.prefix(rootComponents.count)) == rootComponents {
                return .file(root: root, relativePath: components.dropFirst(rootComponents.count).joined(separator: "/"))
            }
        }
        throw JobError(
            .invalidPath, field: field,
            reason: "\(path) is outside the allowed input roots (\(roots.allowed.joined(separator: ", ")))")
    }

    /// Path components without empty and `.` ones; `..` is refused outright.
    static func normalizedComponents(_ path: String, field: String) throws(JobError) -> [String] {
        var result: [String] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." {
                throw JobError(.invalidPath, field: field, reason: "must not contain '..' (got \(path))")
            }
            result.append(String(component))
        }
        return result
    }

    static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The folders inputs may come from: relative paths resolve under `media`; absolute paths
/// and `file://` URLs must lie inside one of `allowed` (which includes `media`).
public struct InputRoots: Sendable, Equatable {
    public var media: String
    public var allowed: [String]

    public init(media: String, extra: [String] = []) {
        self.media = media
        self.allowed = [media] + extra.filter { $0 != media }
    }
}
