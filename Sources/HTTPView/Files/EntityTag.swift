/// An entity-tag (RFC 9110, section 8.8.3): an opaque quoted string, weak when prefixed `W/`.
struct EntityTag: Equatable {
    var isWeak: Bool
    /// The opaque-tag without its quotes.
    var opaque: String

    /// `"opaque"` or `W/"opaque"`, as sent in ETag.
    var headerValue: String { (isWeak ? "W/" : "") + "\"" + opaque + "\"" }

    /// Strong: the output's SHA-256 from status.json when it still describes the file on disk
    /// (same size), which stays stable across a copy or a restore of the spool. Otherwise the
    /// identity and version of the file itself.
    static func forFile(sha256: String?, inode: UInt64, size: Int64, modifiedNanoseconds: Int64) -> EntityTag {
        if let sha256, sha256.utf8.count == 64, sha256.utf8.allSatisfy(isHexDigit) {
            return EntityTag(isWeak: false, opaque: "sha256-" + sha256.lowercased())
        }
        let parts = [String(inode, radix: 16), String(size, radix: 16), String(modifiedNanoseconds, radix: 16)]
        return EntityTag(isWeak: false, opaque: parts.joined(separator: "-"))
    }

    /// The weak comparison used by If-None-Match: the opaque tags match, weak or not.
    func weaklyMatches(_ other: EntityTag) -> Bool {
        opaque == other.opaque
    }

    /// The strong comparison used by If-Range: neither is weak and the opaque tags match.
    func stronglyMatches(_ other: EntityTag) -> Bool {
        !isWeak && !other.isWeak && opaque == other.opaque
    }

    /// The value of If-None-Match or If-Match: `*`, or a comma-separated list of entity-tags.
    enum Condition: Equatable {
        case any
        case list([EntityTag])

        /// nil when the value is not valid syntax; a caller then evaluates no condition.
        init?(_ value: String) {
            var reader = value.utf8[...]
            skipSpacesAndCommas(&reader)
            if reader.first == UInt8(ascii: "*") {
                reader.removeFirst()
                skipSpacesAndCommas(&reader)
                guard reader.isEmpty else { return nil }
                self = .any
                return
            }
            var tags: [EntityTag] = []
            while !reader.isEmpty {
                guard let tag = EntityTag.read(&reader) else { return nil }
                tags.append(tag)
                // Two tags need a comma between them.
                let commas = skipSpacesAndCommas(&reader)
                guard reader.isEmpty || commas > 0 else { return nil }
            }
            guard !tags.isEmpty else { return nil }
            self = .list(tags)
        }

        /// If-None-Match: true when `tag` is among the listed ones, compared weakly.
        func matchesWeakly(_ tag: EntityTag) -> Bool {
            switch self {
            case .any: return true
            case .list(let tags): return tags.contains { $0.weaklyMatches(tag) }
            }
        }
    }

    /// One entity-tag alone, as If-Range carries it; nil when the value is not one.
    init?(parsing value: String) {
        var reader = value.utf8[...]
        Self.skipSpaces(&reader)
        guard let tag = Self.read(&reader) else { return nil }
        Self.skipSpaces(&reader)
        guard reader.isEmpty else { return nil }
        self = tag
    }

    init(isWeak: Bool, opaque: String) {
        self.isWeak = isWeak
        self.opaque = opaque
    }

    /// `W/"…"` or `"…"` where each character is an etagc: 0x21, 0x23-0x7E or obs-text.
    private static func read(_ reader: inout Substring.UTF8View) -> EntityTag? {
        var isWeak = false
        if reader.starts(with: "W/".utf8) {
            isWeak = true
            reader.removeFirst(2)
        }
        guard reader.first == UInt8(ascii: "\"") else { return nil }
        reader.removeFirst()
        guard let close = reader.firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        let opaque = reader[..<close]
        guard opaque.allSatisfy({ $0 == 0x21 || (0x23...0x7E).contains($0) || $0 >= 0x80 }) else { return nil }
        let tag = EntityTag(isWeak: isWeak, opaque: String(Substring(opaque)))
        reader = reader[reader.index(after: close)...]
        return tag
    }

    private static func skipSpaces(_ reader: inout Substring.UTF8View) {
        while let byte = reader.first, byte == 0x20 || byte == 0x09 { reader.removeFirst() }
    }

    /// Skips OWS and empty list elements; returns how many commas it passed.
    @discardableResult
    private static func skipSpacesAndCommas(_ reader: inout Substring.UTF8View) -> Int {
        var commas = 0
        while let byte = reader.first, byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: ",") {
            if byte == UInt8(ascii: ",") { commas += 1 }
            reader.removeFirst()
        }
        return commas
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...70).contains(byte) || (97...102).contains(byte)
    }
}
