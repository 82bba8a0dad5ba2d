/// What the Xing/Info (or Fraunhofer VBRI) frame at the start of an MP3 says, read the way
/// FFmpeg's `libavformat/mp3dec.c` reads it: the Xing tag sits right after the side
/// information; its fields follow in flag order; the LAME extension comes after them, and its
/// encoder delay and padding count only when the encoder string starts with `LAME`, `Lavf` or
/// `Lavc`. See the [LAME tag](http://gabriel.mp3-tech.org/mp3infotag.html) layout.
struct XingTag: Equatable {
    enum Kind: Equatable { case xing, info, vbri }

    var kind: Kind
    /// The frame count the tag declares (not counting its own frame), if it has one.
    var frames: Int?
    var encoderDelay: Int?
    var encoderPadding: Int?

    static let framesFlag: UInt32 = 1
    static let bytesFlag: UInt32 = 2
    static let tocFlag: UInt32 = 4
    static let qualityFlag: UInt32 = 8

    /// Reads the tag in `frame` (a whole frame, header first); `nil` when the frame is audio.
    init?(frame: ArraySlice<UInt8>, header: MP3FrameHeader) {
        let bytes = Array(frame)
        // The Xing tag follows the side information; a CRC-protected tag frame is rare, so both
        // places are tried (FFmpeg looks only where an unprotected frame would have it).
        let candidates = Set([4 + header.sideInfoSize, header.sideInfoOffset + header.sideInfoSize])
        for offset in candidates.sorted() where offset + 8 <= bytes.count {
            let id = bytes[offset..<offset + 4]
            guard id.elementsEqual("Xing".utf8) || id.elementsEqual("Info".utf8) else { continue }
            kind = id.elementsEqual("Xing".utf8) ? .xing : .info
            var position = offset + 8
            let flags = Self.bigEndian(bytes, at: offset + 4, count: 4)
            if flags & Self.framesFlag != 0 {
                if position + 4 <= bytes.count { frames = Int(Self.bigEndian(bytes, at: position, count: 4)) }
                position += 4
            }
            if flags & Self.bytesFlag != 0 { position += 4 }
            if flags & Self.tocFlag != 0 { position += 100 }
            if flags & Self.qualityFlag != 0 { position += 4 }
            // LAME extension: encoder string (9), revision/method, lowpass, peak (4), two gains (2 + 2),
            // flags/ATH, bitrate, then delay (12 bits) and padding (12 bits).
            if position + 24 <= bytes.count {
                let encoder = bytes[position..<position + 4]
                if ["LAME", "Lavf", "Lavc"].contains(where: { encoder.elementsEqual($0.utf8) }) {
                    let value = Self.bigEndian(bytes, at: position + 21, count: 3)
                    encoderDelay = Int(value >> 12)
                    encoderPadding = Int(value & 0xFFF)
                }
            }
            return
        }
        // VBRI: 32 bytes after the header, whatever the mode.
        if bytes.count >= 36 + 18, bytes[36..<40].elementsEqual("VBRI".utf8) {
            kind = .vbri
            frames = Int(Self.bigEndian(bytes, at: 36 + 14, count: 4))
            return
        }
        return nil
    }

    static func bigEndian(_ bytes: [UInt8], at offset: Int, count: Int) -> UInt32 {
        bytes[offset..<offset + count].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }
}
