/// Where an MP3 file's frames are: after the tags at its start (ID3v2, any version, several in
/// a row; an APEv2 tag with a header) and before the tags at its end (ID3v1 and its "TAG+"
/// extension, APEv2 with or without header, Lyrics3 v1/v2, an appended ID3v2.4 tag with footer),
/// in any order. Tags are skipped by their declared sizes only, so unsynchronised tags and
/// extended headers need no parsing.
struct MP3AudioRegion: Equatable {
    /// The frames (and any junk between them) lie in `start..<end`.
    var start: Int64
    var end: Int64
    /// Where the first ID3v2 tag starts and its size (header and footer included), for the title.
    var leadingID3v2: Range<Int64>?

    static func locate(_ reader: PositionalReader) throws(MediaError) -> MP3AudioRegion {
        let size = try reader.size()
        var start: Int64 = 0
        var leadingID3v2: Range<Int64>?
        while true {
            let head = try reader.bytes(at: start, count: 32)
            if let length = id3v2Length(head) {
                guard start + length <= size else {
                    throw MediaError(
                        .invalidData, "'\(reader.name)' is truncated inside its ID3v2 tag (\(length) bytes declared at offset \(start))")
                }
                if leadingID3v2 == nil { leadingID3v2 = start..<start + length }
                start += length
            } else if let length = apeLength(header: head), start + length <= size {
                start += length
            } else {
                break
            }
        }
        var end = size
        for _ in 0..<16 {  // each pass strips one trailing tag; real files have two or three
            guard end > start, let length = try trailingTagLength(reader, end: end, start: start) else { break }
            end -= length
        }
        return MP3AudioRegion(start: start, end: max(end, start), leadingID3v2: leadingID3v2)
    }

    /// An ID3v2 header (`ID3`, version 2–4, synchsafe size): the tag's full length, footer included.
    static func id3v2Length(_ head: [UInt8]) -> Int64? {
        guard head.count >= 10, head[0] == 0x49, head[1] == 0x44, head[2] == 0x33,  // "ID3"
            (2...4).contains(head[3]), head[4] != 0xFF, head[6...9].allSatisfy({ $0 < 0x80 })
        else { return nil }
        let size = head[6...9].reduce(Int64(0)) { $0 << 7 | Int64($1) }
        let footer: Int64 = head[3] == 4 && head[5] & 0x10 != 0 ? 10 : 0
        return 10 + size + footer
    }

    /// An APEv2 header at the start of a tag: its length, header included.
    private static func apeLength(header: [UInt8]) -> Int64? {
        guard header.count >= 32, header.starts(with: apePreamble) else { return nil }
        let size = Int64(littleEndian32(header, at: 12))
        let flags = littleEndian32(header, at: 20)
        guard flags & 0x2000_0000 != 0 else { return nil }  // "this is the header"
        return size + 32
    }

    /// The length of one tag ending at `end`, or `nil` when none does.
    private static func trailingTagLength(_ reader: PositionalReader, end: Int64, start: Int64) throws(MediaError)
        -> Int64?
    {
        let available = end - start
        let tail = try reader.bytes(at: max(start, end - 32), count: Int(min(32, available)))
        func tailHas(_ text: String, at fromEnd: Int) -> Bool {
            let needle = Array(text.utf8)
            guard fromEnd <= tail.count else { return false }
            return Array(tail[(tail.count - fromEnd)...].prefix(needle.count)) == needle
        }
        // ID3v1: the last 128 bytes start with "TAG"; an enhanced "TAG+" block may precede it.
        if available >= 128, try reader.bytes(at: end - 128, count: 3) == Array("TAG".utf8) {
            return 128
        }
        if available >= 227, try reader.bytes(at: end - 227, count: 4) == Array("TAG+".utf8) {
            return 227
        }
        // APEv2 footer: "APETAGEX", version, size (items + footer), count, flags (bit 31: has header).
        if tail.count == 32, tailHas("APETAGEX", at: 32) {
            let size = Int64(littleEndian32(tail, at: 12))
            let flags = littleEndian32(tail, at: 20)
            let length = size + (flags & 0x8000_0000 != 0 ? 32 : 0)
            if length >= 32, length <= available { return length }
        }
        // An appended ID3v2.4 tag: footer "3DI" with the same layout as the header.
        if tail.count >= 10, tailHas("3DI", at: 10) {
            var header = Array(tail.suffix(10))
            header.replaceSubrange(0..<3, with: Array("ID3".utf8))
            if let length = id3v2Length(header), length <= available { return length }  // footer included
        }
        // Lyrics3 v2: "LYRICSBEGIN" … six-digit size, "LYRICS200".
        if tail.count >= 15, tailHas("LYRICS200", at: 9) {
            if let size = Int64(String(decoding: tail[(tail.count - 15)..<(tail.count - 9)], as: UTF8.self)),
                size + 15 <= available,
                try reader.bytes(at: end - 15 - size, count: 11) == Array("LYRICSBEGIN".utf8)
            {
                return size + 15
            }
        }
        // Lyrics3 v1: "LYRICSBEGIN" … "LYRICSEND", at most 5100 bytes of lyrics.
        if tail.count >= 9, tailHas("LYRICSEND", at: 9) {
            let window = try reader.bytes(at: max(start, end - 5120), count: Int(min(5120, available)))
            let begin = Array("LYRICSBEGIN".utf8)
            if let index = stride(from: window.count - 20, through: 0, by: -1).first(where: {
                window[$0..<$0 + begin.count].elementsEqual(begin)
            }) {
                return Int64(window.count - index)
            }
        }
        return nil
    }

    private static let apePreamble = Array("APETAGEX".utf8)

    private static func littleEndian32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }
}
