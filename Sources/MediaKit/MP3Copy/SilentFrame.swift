/// A layer III frame that decodes to silence: `main_data_begin` 0 and all-zero side information
/// (no granule carries any Huffman data, so every spectral value is 0), followed by zero bytes.
/// It borrows nothing from the bit reservoir and lends nothing, so it can sit between copied
/// parts. See ISO 11172-3 §2.4.1.7 (side information).
enum SilentFrame {
    static func bytes(
        version: MP3StreamInfo.Version, sampleRate: Int, channelMode: MP3StreamInfo.ChannelMode, bitrateIndex: Int
    ) -> [UInt8] {
        let header = MP3FrameHeader.encoded(
            version: version, sampleRate: sampleRate, channelMode: channelMode, bitrateIndex: bitrateIndex)
        let length = MP3FrameHeader(header)!.frameLength!
        return header + [UInt8](repeating: 0, count: length - header.count)
    }
}
