/// Tag bytes written by hand, for parts that carry every kind of tag the frame copier must strip.
enum TagBytes {
    /// An ID3v2.3 tag, unsynchronised as a whole, with an extended header and a UTF-16 `TIT2`.
    static func id3v23Unsynchronised(title: String) -> [UInt8] {
        let text: [UInt8] = [0xFF, 0xFE] + title.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + [0, 0]
        let titleFrame = Array("TIT2".utf8) + bigEndian(1 + text.count) + [0, 0] + [1] + text
        let other = Array("TPE1".utf8) + bigEndian(4) + [0, 0] + [0] + Array("abc".utf8)
        let extended: [UInt8] = [0, 0, 0, 6, 0, 0, 0, 0, 0, 0]
        let body = unsynchronised(extended + other + titleFrame + [UInt8](repeating: 0, count: 32))
        return Array("ID3".utf8) + [3, 0, 0xC0] + synchsafe(body.count) + body
    }

    /// An ID3v2.4 tag: an `APIC` of `coverBytes` (0xFF-rich, so unsynchronisation would matter)
    /// before a UTF-8 `TIT2`; with a footer if asked, or as an appended tag (footer only matters then).
    static func id3v24(title: String, coverBytes: Int, footer: Bool, appended: Bool = false) -> [UInt8] {
        var body: [UInt8] = []
        if coverBytes > 0 {
            let picture = [0] + Array("image/jpeg".utf8) + [0, 3, 0] + (0..<coverBytes).map { $0 % 3 == 0 ? 0xFF : 0xE0 }
            body += Array("APIC".utf8) + synchsafe(picture.count) + [0, 0] + picture
        }
        let text = [3] + Array(title.utf8)
        body += Array("TIT2".utf8) + synchsafe(text.count) + [0, 0] + text
        let flags: UInt8 = footer ? 0x10 : 0
        let header = Array("ID3".utf8) + [4, 0, flags] + synchsafe(body.count)
        let footerBytes = footer ? Array("3DI".utf8) + [4, 0, flags] + synchsafe(body.count) : []
        return header + body + footerBytes
    }

    /// A 128-byte ID3v1 tag.
    static func id3v1(title: String) -> [UInt8] {
        let titleBytes = Array(title.utf8.prefix(30))
        return Array("TAG".utf8) + titleBytes + [UInt8](repeating: 0, count: 125 - titleBytes.count)
    }

    /// An APEv2 tag with one item, footer always, header if asked.
    static func apev2(header: Bool) -> [UInt8] {
        let item = littleEndian(5) + littleEndian(0) + Array("Title".utf8) + [0] + Array("Hello".utf8)
        let size = item.count + 32
        func block(isHeader: Bool) -> [UInt8] {
            let flags: UInt32 = (header ? 0x8000_0000 : 0) | (isHeader ? 0x2000_0000 : 0)
            return Array("APETAGEX".utf8) + littleEndian(2000) + littleEndian(UInt32(size)) + littleEndian(1)
                + littleEndian(flags) + [UInt8](repeating: 0, count: 8)
        }
        return (header ? block(isHeader: true) : []) + item + block(isHeader: false)
    }

    /// A Lyrics3 v2 block: LYRICSBEGIN, one field, six-digit size, LYRICS200.
    static func lyrics3v2() -> [UInt8] {
        let content = Array("LYRICSBEGIN".utf8) + Array("IND00003110".utf8) + Array("LYR00005hello".utf8)
        return content + Array(String(format: "%06d", content.count).utf8) + Array("LYRICS200".utf8)
    }

    /// CRC-16/ARC, written independently of MediaKit's.
    static func crc16(_ bytes: [UInt8]) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc ^= UInt16(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1 }
        }
        return crc
    }

    /// Inserts 00 after every FF that precedes 00 or a byte ≥ E0 (and after a final FF).
    static func unsynchronised(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for (index, byte) in bytes.enumerated() {
            out.append(byte)
            if byte == 0xFF, index + 1 == bytes.count || bytes[index + 1] == 0 || bytes[index + 1] >= 0xE0 { out.append(0) }
        }
        return out
    }

    static func synchsafe(_ value: Int) -> [UInt8] {
        [UInt8(value >> 21 & 0x7F), UInt8(value >> 14 & 0x7F), UInt8(value >> 7 & 0x7F), UInt8(value & 0x7F)]
    }

    static func bigEndian(_ value: Int) -> [UInt8] {
        [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func littleEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24 & 0xFF)]
    }
}
