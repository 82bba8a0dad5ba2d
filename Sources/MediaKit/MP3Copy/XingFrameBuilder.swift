/// Builds the Xing/Info frame that heads a joined MP3: a layer III frame of the stream's version,
/// rate and mode whose side information is zero (it decodes to silence where a player does not
/// know the tag) and which carries the Xing tag (frames, bytes, 100-entry seek TOC, quality) and
/// the LAME extension (encoder string, delay and padding, music length, music and tag CRCs), laid
/// out as in the [LAME tag](http://gabriel.mp3-tech.org/mp3infotag.html) specification.
struct XingFrameBuilder {
    var version: MP3StreamInfo.Version
    var sampleRate: Int
    var channelMode: MP3StreamInfo.ChannelMode
    /// Every audio frame shares this bitrate: an `Info` tag and this frame at the same bitrate
    /// when it is large enough; otherwise `Xing`.
    var constantBitrateKbps: Int?

    /// Bytes of the Xing tag with its LAME extension ("Xing" through the tag CRC).
    static let tagSize = 156
    /// The 9-byte encoder string; FFmpeg reads delay and padding only after `LAME`, `Lavf` or `Lavc`.
    static var encoderString: [UInt8] {
        let text = Array("LAME\(LameEncoder.version)".utf8.prefix(9))
        return text + [UInt8](repeating: 0x20, count: 9 - text.count)
    }

    private var header: MP3FrameHeader {
        MP3FrameHeader(MP3FrameHeader.encoded(version: version, sampleRate: sampleRate, channelMode: channelMode, bitrateIndex: 1))!
    }

    /// The bitrate index of the tag frame: the stream's bitrate if its frame holds the tag, else
    /// the smallest that does.
    var bitrateIndex: Int {
        let table = MP3FrameHeader.bitrates(for: version)
        let needed = 4 + header.sideInfoSize + Self.tagSize
        func length(_ index: Int) -> Int { header.samplesPerFrame / 8 * table[index] * 1000 / sampleRate }
        if let kbps = constantBitrateKbps, let index = table.firstIndex(of: kbps), index > 0, length(index) >= needed {
            return index
        }
        return (1..<table.count).first { length($0) >= needed } ?? table.count - 1
    }

    var frameLength: Int { header.samplesPerFrame / 8 * MP3FrameHeader.bitrates(for: version)[bitrateIndex] * 1000 / sampleRate }

    /// The frame. `frames` and `audioBytes` count the audio frames after it; `tocOffsets[i]` is the
    /// byte offset (from the start of the audio frames) of the frame at `i`% of the duration.
    func frame(
        frames: Int, audioBytes: Int64, tocOffsets: [Int64], encoderDelay: Int, encoderPadding: Int, musicCRC: UInt16
    ) -> [UInt8] {
        let sideInfoEnd = 4 + header.sideInfoSize
        var bytes = MP3FrameHeader.encoded(
            version: version, sampleRate: sampleRate, channelMode: channelMode, bitrateIndex: bitrateIndex)
        bytes += [UInt8](repeating: 0, count: header.sideInfoSize)
        let streamBytes = Int64(frameLength) + audioBytes
        bytes += Array((constantBitrateKbps != nil ? "Info" : "Xing").utf8)
        bytes += Self.bigEndian(XingTag.framesFlag | XingTag.bytesFlag | XingTag.tocFlag | XingTag.qualityFlag, count: 4)
        bytes += Self.bigEndian(UInt32(clamping: frames), count: 4)
        bytes += Self.bigEndian(UInt32(clamping: streamBytes), count: 4)
        bytes += (0..<100).map { i in
            guard i < tocOffsets.count, streamBytes > 0 else { return 255 }
            return UInt8(min(255, (Int64(frameLength) + tocOffsets[i]) * 256 / streamBytes))
        }
        bytes += Self.bigEndian(0, count: 4)  // quality: not known for copied frames
        // LAME extension.
        bytes += Self.encoderString
        bytes.append(constantBitrateKbps != nil ? 1 : 0)  // revision 0; VBR method: 1 = CBR, 0 = unknown
        bytes.append(0)  // lowpass: unknown
        bytes += [0, 0, 0, 0]  // peak amplitude: not computed
        bytes += [0, 0, 0, 0]  // radio and audiophile ReplayGain: not set
        bytes.append(0)  // encoding flags and ATH type
        bytes.append(UInt8(clamping: constantBitrateKbps ?? MP3FrameHeader.bitrates(for: version)[1]))
        bytes += Self.bigEndian(UInt32(min(encoderDelay, 4095)) << 12 | UInt32(min(encoderPadding, 4095)), count: 3)
        bytes.append(miscByte)
        bytes.append(0)  // MP3 gain
        bytes += [0, 0]  // preset and surround
        bytes += Self.bigEndian(UInt32(clamping: streamBytes), count: 4)  // music length: tag frame + audio
        bytes += Self.bigEndian(UInt32(musicCRC), count: 2)
        bytes += Self.bigEndian(UInt32(CRC16.checksum(bytes)), count: 2)  // tag CRC: the frame up to here
        precondition(bytes.count == sideInfoEnd + Self.tagSize && bytes.count <= frameLength)
        bytes += [UInt8](repeating: 0, count: frameLength - bytes.count)
        return bytes
    }

    /// Misc byte: source rate (2 bits: ≤32 kHz, 44.1 kHz, 48 kHz, more), unwise settings (0),
    /// stereo mode (3 bits), noise shaping (2 bits, 0).
    private var miscByte: UInt8 {
        let rateBits: UInt8 = sampleRate <= 32000 ? 0 : sampleRate == 44100 ? 1 : sampleRate == 48000 ? 2 : 3
        let modeBits: UInt8 =
            switch channelMode {
            case .mono: 0
            case .stereo: 1
            case .dualChannel: 2
            case .jointStereo: 3
            }
        return rateBits << 6 | modeBits << 2
    }

    private static func bigEndian(_ value: UInt32, count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) }
    }
}
