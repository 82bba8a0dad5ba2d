/// Builds an ID3v2.4 tag (header + frames, no padding, no unsynchronisation) from
/// ``MP3Settings/tags``. Frames are kept as ``ID3v2Frame`` values so chapters (`CHAP`/`CTOC`)
/// can be appended before ``encoded()``.
struct ID3v2Writer: Sendable {
    var frames: [ID3v2Frame] = []

    /// Frames for `tags`, keys in sorted order for deterministic output, then `TSSE` with
    /// `encoderName`. Known keys (case, `_`, `-` and spaces ignored) map to their frames; any
    /// other key becomes `TXXX` with the key as its description. Empty values are skipped, and a
    /// second key for a frame already written (`year` after `date`) is dropped.
    init(tags: [String: String], encoderName: String?) {
        var seen = Set<String>()
        for key in tags.keys.sorted() {
            guard let value = tags[key], !value.isEmpty else { continue }
            let frame: ID3v2Frame
            if let id = Self.frameIDs[Self.normalized(key)] {
                guard seen.insert(id).inserted else { continue }
                frame = id == "COMM" ? .comment(value) : .text(id, value)
            } else {
                guard !key.isEmpty, seen.insert("TXXX:" + key).inserted else { continue }
                frame = .userText(description: key, value: value)
            }
            frames.append(frame)
        }
        if let encoderName, !seen.contains("TSSE") { frames.append(.text("TSSE", encoderName)) }
    }

    /// The tag's bytes: `ID3`, version 4.0, no flags, synchsafe size, frames. Empty without frames.
    func encoded() -> [UInt8] {
        guard !frames.isEmpty else { return [] }
        var body: [UInt8] = []
        for frame in frames { body += frame.encoded() }
        return Array("ID3".utf8) + [4, 0, 0] + ID3v2Frame.synchsafe(body.count) + body
    }

    /// Tag keys (normalised) and their frames.
    static let frameIDs: [String: String] = [
        "title": "TIT2", "artist": "TPE1", "album": "TALB", "albumartist": "TPE2",
        "date": "TDRC", "year": "TDRC", "track": "TRCK", "tracknumber": "TRCK", "genre": "TCON",
        "composer": "TCOM", "publisher": "TPUB", "copyright": "TCOP", "language": "TLAN",
        "comment": "COMM", "encoder": "TSSE",
    ]

    static func normalized(_ key: String) -> String {
        String(key.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " })
    }
}
