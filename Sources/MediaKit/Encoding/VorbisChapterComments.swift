/// Chapters as `CHAPTERnnn` / `CHAPTERnnnNAME` Vorbis comments, the form FFmpeg reads back from
/// Ogg and FLAC files (`ffprobe -show_chapters`).
///
/// FFmpeg 5.1's FLAC muxer writes no chapters at all, and its Vorbis comment writer garbles
/// `AVChapter` start times (1.5 s is written as `00:00:02.500`), so the comments are written
/// as plain tags instead. Both muxers write comments in the header, before any audio, when the
/// times are not yet known: the tags go in with the fixed-width placeholder `00:00:00.000`,
/// and ``ChapterCommentPatcher`` writes the real times over them at the end.
enum VorbisChapterComments {
    static let placeholderTime = "00:00:00.000"

    /// The most chapters the three-digit numbering carries.
    static let maximumCount = 1000

    static func key(_ index: Int) -> String {
        let digits = String(index)
        return "CHAPTER" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }

    /// Tags reserving one chapter per title, in order.
    static func placeholders(titles: [String]) -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        for (index, title) in titles.enumerated() {
            pairs.append((key(index), placeholderTime))
            pairs.append((key(index) + "NAME", MetadataTags.sanitized(title)))
        }
        return pairs
    }

    /// `HH:MM:SS.mmm`, the same width as the placeholder (clamped below 100 hours).
    static func timestamp(_ seconds: Double) -> String {
        let total = min(max(Int((seconds * 1000).rounded()), 0), 100 * 3_600_000 - 1)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let milliseconds = total % 1000
        let digits = milliseconds < 10 ? "00\(milliseconds)" : milliseconds < 100 ? "0\(milliseconds)" : "\(milliseconds)"
        return "\(two(total / 3_600_000)):\(two(total / 60000 % 60)):\(two(total / 1000 % 60)).\(digits)"
    }

    /// The bytes of comment `index` as the placeholder was written: its little-endian length,
    /// then `CHAPTERnnn=` and the time. Values are NUL-free, so this length prefix cannot occur
    /// inside another comment.
    static func encodedComment(_ index: Int, time: String) -> [UInt8] {
        let text = Array((key(index) + "=" + time).utf8)
        let length = UInt32(text.count)
        return [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24)] + text
    }
}
