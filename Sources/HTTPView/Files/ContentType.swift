/// The Content-Type of a served output: the media type the daemon recorded in status.json when
/// it is well formed, else one chosen by the file name's extension.
enum ContentType {
    static let fallback = "application/octet-stream"

    static let byExtension: [String: String] = [
        "mp3": "audio/mpeg",
        "mp4": "video/mp4",
        "m4a": "audio/mp4",
        "opus": "audio/ogg",
        "ogg": "audio/ogg",
        "flac": "audio/flac",
        "wav": "audio/wav",
        "svg": "image/svg+xml",
        "png": "image/png",
        "json": "application/json",
        "vtt": "text/vtt",
        "txt": "text/plain; charset=utf-8",
    ]

    /// Types a browser would run script in when the file is opened directly; they get a
    /// sandboxing Content-Security-Policy so an output can never act on the dashboard's origin.
    static let scriptable: Set<String> = [
        "image/svg+xml", "text/html", "application/xhtml+xml", "text/xml", "application/xml",
    ]

    static func forOutput(named name: String, declared: String?) -> String {
        if let declared, isWellFormed(declared) { return declared }
        guard let dot = name.lastIndex(of: ".") else { return fallback }
        return byExtension[name[name.index(after: dot)...].lowercased()] ?? fallback
    }

    /// True for a type whose documents may run script; parameters and case are ignored.
    static func isScriptable(_ contentType: String) -> Bool {
        let essence = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? contentType
        let trimmed = essence.trimmingSpaces().lowercased()
        return scriptable.contains(trimmed) || trimmed.hasSuffix("+xml")
    }

    /// `type/subtype` of token characters, optionally followed by `; parameters` of visible
    /// ASCII: anything else (control characters, an empty part) is not trusted as a header value.
    static func isWellFormed(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard !bytes.isEmpty, bytes.count <= 200 else { return false }
        let end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.count
        let essence = bytes[..<end]
        guard let slash = essence.firstIndex(of: UInt8(ascii: "/")) else { return false }
        let type = essence[..<slash]
        let subtype = essence[(slash + 1)...]
        guard !type.isEmpty, !subtype.isEmpty, type.allSatisfy(isTokenCharacter), subtype.allSatisfy(isTokenCharacter) else {
            return false
        }
        return bytes[end...].allSatisfy { (0x20...0x7E).contains($0) }
    }

    /// tchar of RFC 9110, section 5.6.2.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var slice = self[...]
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return String(slice)
    }
}
