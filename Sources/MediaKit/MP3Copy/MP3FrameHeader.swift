/// The four-byte header of one MPEG audio frame, decoded. Only layer III with a real bitrate
/// (not free format) gets a ``frameLength``; everything else is reported so the scanner can say
/// what a file is instead.
///
/// Layout (ISO 11172-3 / 13818-3): 11 sync bits, version (2), layer (2), protection (1, 0 = a
/// CRC-16 follows), bitrate index (4), sample-rate index (2), padding (1), private (1),
/// channel mode (2), mode extension (2), copyright, original, emphasis (2).
struct MP3FrameHeader: Sendable, Equatable {
    var version: MP3StreamInfo.Version
    /// 1, 2 or 3.
    var layer: Int
    /// A CRC-16 follows the header.
    var isProtected: Bool
    /// 1…14; 0 is free format.
    var bitrateIndex: Int
    var sampleRate: Int
    var isPadded: Bool
    var channelMode: MP3StreamInfo.ChannelMode

    /// Decodes `b0…b3`; `nil` when they are not an MPEG audio header (no sync, a reserved
    /// version, layer or sample rate, or the invalid bitrate index 15).
    init?(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8) {
        guard b0 == 0xFF, b1 & 0xE0 == 0xE0 else { return nil }
        switch (b1 >> 3) & 3 {
        case 0: version = .mpeg25
        case 2: version = .mpeg2
        case 3: version = .mpeg1
        default: return nil
        }
        let layerBits = Int((b1 >> 1) & 3)
        guard layerBits != 0 else { return nil }
        layer = 4 - layerBits
        isProtected = b1 & 1 == 0
        bitrateIndex = Int(b2 >> 4)
        guard bitrateIndex != 15 else { return nil }
        let rateIndex = Int((b2 >> 2) & 3)
        guard rateIndex != 3 else { return nil }
        let base = [44100, 48000, 32000][rateIndex]
        sampleRate =
            switch version {
            case .mpeg1: base
            case .mpeg2: base / 2
            case .mpeg25: base / 4
            }
        isPadded = b2 & 2 != 0
        channelMode = [.stereo, .jointStereo, .dualChannel, .mono][Int(b3 >> 6)]
    }

    init?<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) where Bytes.Index == Int {
        guard bytes.count >= 4 else { return nil }
        let i = bytes.startIndex
        self.init(bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3])
    }

    var isLayerIII: Bool { layer == 3 }
    var isFreeFormat: Bool { bitrateIndex == 0 }
    /// A frame this code can copy: layer III with a bitrate from the table.
    var isCopyable: Bool { isLayerIII && !isFreeFormat }
    var channels: Int { channelMode == .mono ? 1 : 2 }

    /// kbps for layer III (0 for free format).
    var bitrateKbps: Int { Self.bitrates(for: version)[bitrateIndex] }

    /// 1152 for MPEG-1, 576 for MPEG-2 and 2.5 (layer III); 384 for layer I, 1152 for layer II.
    var samplesPerFrame: Int {
        switch layer {
        case 1: 384
        case 2: 1152
        default: version == .mpeg1 ? 1152 : 576
        }
    }

    /// Bytes of the whole frame, header included; `nil` for free format. Layer I/II lengths are
    /// computed too so the scanner can recognise such streams.
    var frameLength: Int? {
        guard !isFreeFormat else { return nil }
        switch layer {
        case 1:
            let kbps = Self.layerIBitrates[version == .mpeg1 ? 0 : 1][bitrateIndex]
            return (12 * kbps * 1000 / sampleRate + (isPadded ? 1 : 0)) * 4
        case 2:
            let kbps = Self.layerIIBitrates[version == .mpeg1 ? 0 : 1][bitrateIndex]
            return 144 * kbps * 1000 / sampleRate + (isPadded ? 1 : 0)
        default:
            return samplesPerFrame / 8 * bitrateKbps * 1000 / sampleRate + (isPadded ? 1 : 0)
        }
    }

    /// Side information bytes after the header (and its CRC) in layer III.
    var sideInfoSize: Int {
        switch (version == .mpeg1, channelMode == .mono) {
        case (true, true): 17
        case (true, false): 32
        case (false, true): 9
        case (false, false): 17
        }
    }

    /// Where the side information starts in the frame: after the header and its CRC.
    var sideInfoOffset: Int { isProtected ? 6 : 4 }

    /// Same stream as `other` for joining and resync: version, layer, sample rate, and mono or
    /// not (LAME switches between stereo and joint stereo per frame).
    func isCompatible(with other: MP3FrameHeader) -> Bool {
        version == other.version && layer == other.layer && sampleRate == other.sampleRate
            && (channelMode == .mono) == (other.channelMode == .mono)
    }

    /// The header's bytes for a frame of this stream at `bitrateIndex`, without CRC or padding,
    /// mode extension 0, not copyrighted, original, no emphasis.
    static func encoded(
        version: MP3StreamInfo.Version, sampleRate: Int, channelMode: MP3StreamInfo.ChannelMode, bitrateIndex: Int
    ) -> [UInt8] {
        let versionBits: UInt8 =
            switch version {
            case .mpeg1: 3
            case .mpeg2: 2
            case .mpeg25: 0
            }
        let base =
            switch version {
            case .mpeg1: sampleRate
            case .mpeg2: sampleRate * 2
            case .mpeg25: sampleRate * 4
            }
        let rateBits = UInt8([44100, 48000, 32000].firstIndex(of: base) ?? 0)
        let modeBits: UInt8 =
            switch channelMode {
            case .stereo: 0
            case .jointStereo: 1
            case .dualChannel: 2
            case .mono: 3
            }
        // 0xE0 sync, version, layer III (01), protection bit 1 (no CRC).
        return [0xFF, 0xE0 | versionBits << 3 | 0b011, UInt8(bitrateIndex) << 4 | rateBits << 2, modeBits << 6 | 0b0100]
    }

    /// Layer III bitrates (kbps) by index for `version`.
    static func bitrates(for version: MP3StreamInfo.Version) -> [Int] {
        version == .mpeg1 ? mpeg1LayerIII : mpeg2LayerIII
    }

    static let mpeg1LayerIII = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
    static let mpeg2LayerIII = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
    private static let layerIBitrates = [
        [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
        [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
    ]
    private static let layerIIBitrates = [
        [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
        [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    ]
}
