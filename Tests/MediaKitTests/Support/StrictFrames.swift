import Foundation

/// An independent, deliberately strict MPEG layer III frame walker for judging frame-copy
/// output: it skips one ID3v2 tag at the start, then requires a valid header at every frame
/// boundary until the end (or an ID3v1 / APEv2 tag), and throws on anything else. It shares no
/// code with MediaKit's scanner, so a scanner bug cannot hide a joiner bug.
struct StrictFrames {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Frame {
        var offset: Int
        var bytes: [UInt8]
        var isMPEG1: Bool
        var isMono: Bool
        var isProtected: Bool
        var bitrateIndex: Int

        /// Where the side information starts (after the header and the CRC, if any).
        var sideInfoStart: Int { isProtected ? 6 : 4 }
        var sideInfoSize: Int { isMPEG1 ? (isMono ? 17 : 32) : (isMono ? 9 : 17) }
        var mainDataBegin: Int {
            isMPEG1
                ? Int(bytes[sideInfoStart]) << 1 | Int(bytes[sideInfoStart + 1] >> 7) : Int(bytes[sideInfoStart])
        }
        /// The tag ID ("Xing", "Info") right after an unprotected frame's side information, if any.
        var xingID: String? {
            let at = 4 + sideInfoSize
            guard bytes.count >= at + 4 else { return nil }
            let id = String(decoding: bytes[at..<at + 4], as: UTF8.self)
            return id == "Xing" || id == "Info" ? id : nil
        }
        /// Header, side info and main data all zero after the header: a silent gap frame.
        var isSilent: Bool { bytes[4...].allSatisfy { $0 == 0 } && !isProtected }
        /// A big-endian field of the Xing tag, `offset` bytes after "Xing"/"Info".
        func xingField(_ offset: Int, count: Int = 4) -> Int {
            let at = 4 + sideInfoSize + offset
            return bytes[at..<at + count].reduce(0) { $0 << 8 | Int($1) }
        }
    }

    var frames: [Frame] = []
    /// Where the frames start (after the ID3v2 tag).
    var audioStart = 0

    init(_ path: String) throws {
        try self.init(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    init(bytes: [UInt8]) throws {
        var offset = 0
        if bytes.count >= 10, bytes[0] == 0x49, bytes[1] == 0x44, bytes[2] == 0x33 {
            offset = 10 + bytes[6...9].reduce(0) { $0 << 7 | Int($1 & 0x7F) } + (bytes[5] & 0x10 != 0 ? 10 : 0)
        }
        audioStart = offset
        var end = bytes.count
        if end - offset >= 128, bytes[end - 128..<end - 125].elementsEqual("TAG".utf8) { end -= 128 }
        while offset < end {
            guard end - offset >= 4 else { throw Failure(description: "\(end - offset) stray bytes at \(offset)") }
            let b1 = bytes[offset + 1]
            let b2 = bytes[offset + 2]
            let b3 = bytes[offset + 3]
            if bytes[offset..<offset + 8].elementsEqual("APETAGEX".utf8) { break }
            guard bytes[offset] == 0xFF, b1 & 0xE0 == 0xE0, (b1 >> 1) & 3 == 1 else {
                throw Failure(description: "no layer III header at offset \(offset)")
            }
            let version = (b1 >> 3) & 3  // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
            let isMPEG1 = version == 3
            let bitrateIndex = Int(b2 >> 4)
            let rateIndex = Int((b2 >> 2) & 3)
            let kbps =
                (isMPEG1
                ? [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
                : [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160])[bitrateIndex]
            let rate = [44100, 48000, 32000][rateIndex] / (isMPEG1 ? 1 : version == 2 ? 2 : 4)
            let length = (isMPEG1 ? 144 : 72) * kbps * 1000 / rate + Int((b2 >> 1) & 1)
            guard kbps > 0, offset + length <= end else {
                throw Failure(description: "bad or cut-off frame at offset \(offset)")
            }
            frames.append(
                Frame(
                    offset: offset, bytes: Array(bytes[offset..<offset + length]), isMPEG1: isMPEG1,
                    isMono: b3 >> 6 == 3, isProtected: b1 & 1 == 0, bitrateIndex: bitrateIndex))
            offset += length
        }
    }

    /// The frames after a leading Xing/Info frame.
    var audioFrames: [Frame] { frames.first?.xingID != nil ? Array(frames.dropFirst()) : frames }
}
