/// Reads the `TIT2` (title) frame of an ID3v2.3 or v2.4 tag without loading the whole tag:
/// frame headers are read one by one and other frames (cover art) skipped by size. A v2.3 tag
/// unsynchronised as a whole is read in one piece, up to ``maxUnsynchronisedTag`` bytes.
///
/// See the [ID3v2.3](https://id3.org/id3v2.3.0) and [ID3v2.4](https://id3.org/id3v2.4.0-structure)
/// structure documents. Titles are informational, so a malformed tag yields `nil`, never an error;
/// read errors still throw.
enum ID3v2TitleReader {
    static let maxUnsynchronisedTag = 1 << 20
    static let maxTitleBytes = 1 << 16

    static func title(_ reader: PositionalReader, tag: Range<Int64>) throws(MediaError) -> String? {
        let header = try reader.bytes(at: tag.lowerBound, count: 10)
        guard header.count == 10, header[3] == 3 || header[3] == 4 else { return nil }
        let major = header[3]
        let flags = header[5]
        let size = header[6...9].reduce(Int64(0)) { $0 << 7 | Int64($1) }
        let body = tag.lowerBound + 10..<tag.lowerBound + 10 + size
        if major == 3 && flags & 0x80 != 0 {
            guard size <= maxUnsynchronisedTag else { return nil }
            let bytes = resynchronised(try reader.bytes(at: body.lowerBound, count: Int(size)))
            var offset = 0
            if flags & 0x40 != 0, bytes.count >= 4 { offset = 4 + Int(bigEndian(bytes[0..<4])) }
            return titleInMemory(bytes, from: offset)
        }
        var position = body.lowerBound
        if flags & 0x40 != 0 {  // extended header: v2.3 size excludes its own 4 bytes, v2.4 includes them
            let bytes = try reader.bytes(at: position, count: 4)
            guard bytes.count == 4 else { return nil }
            position += major == 3 ? 4 + Int64(bigEndian(bytes[...])) : synchsafe(bytes[...])
        }
        while position + 10 <= body.upperBound {
            let frame = try reader.bytes(at: position, count: 10)
            guard frame.count == 10, frame[0] != 0 else { return nil }  // padding
            let length = major == 4 ? synchsafe(frame[4..<8]) : Int64(bigEndian(frame[4..<8]))
            let start = position + 10
            position = start + length
            guard position <= body.upperBound else { return nil }
            guard frame[0..<4].elementsEqual("TIT2".utf8) else { continue }
            // Compressed or encrypted frames (v2.3: 0x80, 0x40; v2.4: 0x08, 0x04) are not read.
            guard length <= maxTitleBytes, frame[9] & (major == 3 ? 0xC0 : 0x0C) == 0 else { return nil }
            var content = try reader.bytes(at: start, count: Int(length))
            if major == 4 {
                if frame[9] & 0x02 != 0 { content = resynchronised(content) }  // frame unsynchronisation
                if frame[9] & 0x01 != 0 { content = Array(content.dropFirst(4)) }  // data length indicator
            }
            return text(content)
        }
        return nil
    }

    /// The title in a tag body already in memory (the unsynchronised v2.3 case).
    private static func titleInMemory(_ bytes: [UInt8], from start: Int) -> String? {
        var position = start
        while position + 10 <= bytes.count, bytes[position] != 0 {
            let length = Int(bigEndian(bytes[position + 4..<position + 8]))
            let end = position + 10 + length
            guard end <= bytes.count else { return nil }
            if bytes[position..<position + 4].elementsEqual("TIT2".utf8) {
                return bytes[position + 9] & 0xC0 == 0 ? text(Array(bytes[position + 10..<end])) : nil
            }
            position = end
        }
        return nil
    }

    /// A text frame's body: encoding byte (0 Latin-1, 1 UTF-16 with BOM, 2 UTF-16BE, 3 UTF-8),
    /// then the text; several values (NUL-separated) are joined with " / ".
    static func text(_ body: [UInt8]) -> String? {
        guard let encoding = body.first else { return nil }
        let data = body.dropFirst()
        var value: String
        switch encoding {
        case 0: value = String(data.map { Character(Unicode.Scalar($0)) })
        case 1, 2: value = utf16(Array(data), bigEndianByDefault: true)
        case 3: value = String(decoding: data, as: UTF8.self)
        default: return nil
        }
        let parts = value.split(separator: "\0", omittingEmptySubsequences: true)
        value = parts.joined(separator: " / ")
        return value.isEmpty ? nil : value
    }

    /// UTF-16 with optional byte-order marks (each NUL-separated value may carry its own).
    private static func utf16(_ bytes: [UInt8], bigEndianByDefault: Bool) -> String {
        var units: [UInt16] = []
        var bigEndian = bigEndianByDefault
        var index = 0
        while index + 1 < bytes.count {
            let unit =
                bigEndian ? UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]) : UInt16(bytes[index + 1]) << 8 | UInt16(bytes[index])
            index += 2
            if unit == 0xFEFF { continue }
            if unit == 0xFFFE {
                bigEndian.toggle()
                continue
            }
            units.append(unit)
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// Undoes unsynchronisation: every `FF 00` becomes `FF`.
    static func resynchronised(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var previous: UInt8 = 0
        for byte in bytes {
            if !(previous == 0xFF && byte == 0) { out.append(byte) }
            previous = byte
        }
        return out
    }

    private static func bigEndian(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    private static func synchsafe(_ bytes: ArraySlice<UInt8>) -> Int64 {
        bytes.reduce(Int64(0)) { $0 << 7 | Int64($1 & 0x7F) }
    }
}
