/// A render's tags as FFmpeg metadata: the keys libavformat's muxers map to each format's own
/// tags (mp4 atoms such as `©nam`, Vorbis comments, RIFF `INFO` chunks).
enum MetadataTags {
    /// Pairs in a stable order (keys sorted). Known keys, spelled as ``ID3v2Writer`` accepts them
    /// (case, `_`, `-` and spaces ignored), become FFmpeg's generic names (`albumArtist` →
    /// `album_artist`, `year` → `date`); other keys pass through as they are, which Ogg and FLAC
    /// keep as comments while mp4 and WAV drop what they have no field for. Empty values are
    /// skipped, a second key for the same name is dropped, NUL characters are removed.
    static func pairs(_ tags: [String: String]) -> [(key: String, value: String)] {
        var seen = Set<String>()
        var pairs: [(key: String, value: String)] = []
        for key in tags.keys.sorted() {
            guard let value = tags[key], !value.isEmpty, !key.isEmpty else { continue }
            let name = names[ID3v2Writer.normalized(key)] ?? key
            guard seen.insert(name.lowercased()).inserted else { continue }
            pairs.append((name, sanitized(value)))
        }
        return pairs
    }

    /// Normalised tag keys and FFmpeg's generic metadata names for them.
    static let names: [String: String] = [
        "title": "title", "artist": "artist", "album": "album", "albumartist": "album_artist",
        "date": "date", "year": "date", "track": "track", "tracknumber": "track", "genre": "genre",
        "composer": "composer", "publisher": "publisher", "copyright": "copyright", "language": "language",
        "comment": "comment", "encoder": "encoder",
    ]

    /// NUL ends a C string, so it cannot appear inside a value.
    static func sanitized(_ text: String) -> String {
        text.contains("\0") ? String(text.filter { $0 != "\0" }) : text
    }
}
