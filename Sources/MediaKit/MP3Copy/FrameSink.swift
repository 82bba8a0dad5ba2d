/// Collects the audio frames of a join into one fixed buffer before they go to the
/// ``PartialFile``, and keeps the counts the Xing frame needs: bytes, frames, the music CRC and
/// the offsets of the frames its seek table points at.
struct FrameSink {
    static let bufferSize = 64 * 1024

    /// Audio frames and their bytes so far.
    private(set) var frames = 0
    private(set) var bytes: Int64 = 0
    private(set) var crc = CRC16()
    /// Byte offsets (from the first audio frame) of the frames at 0 %, 1 %, … 99 % of the output.
    private(set) var tocOffsets: [Int64] = []
    private let tocFrames: [Int]
    private var buffer: [UInt8] = []

    /// `totalFrames`: how many frames will be appended, to place the seek table's entries.
    init(totalFrames: Int) {
        tocFrames = (0..<100).map { $0 * totalFrames / 100 }
        buffer.reserveCapacity(Self.bufferSize + 2048)
    }

    /// Appends one whole frame, writing the buffer out when it is full.
    mutating func append(_ frame: ArraySlice<UInt8>, to output: borrowing PartialFile) throws(MediaError) {
        while tocOffsets.count < tocFrames.count, tocFrames[tocOffsets.count] <= frames { tocOffsets.append(bytes) }
        buffer.append(contentsOf: frame)
        crc.update(frame)
        frames += 1
        bytes += Int64(frame.count)
        if buffer.count >= Self.bufferSize { try flush(to: output) }
    }

    mutating func flush(to output: borrowing PartialFile) throws(MediaError) {
        try output.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
