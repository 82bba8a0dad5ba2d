/// Walks the layer III frames of an ``MP3AudioRegion`` through one fixed buffer, never holding
/// more than ``bufferSize`` bytes of the file.
///
/// A frame is accepted when its header is valid and the next header follows right after it
/// (same version, sample rate and mono/stereo), or it ends exactly at the region's end (give or
/// take up to three stray bytes). The first accepted frame locks the stream; later frames must
/// match it. A frame that starts right where the previous one ended but is followed by junk is
/// accepted too, unless a chain of frames starts inside it (then it is a false sync in junk).
/// Anything else (junk, a cut-off frame, a false sync) is skipped a byte at a time and counted
/// in ``skippedBytes``: it is never returned as a frame.
struct MP3FrameReader {
    /// One frame: where it starts in the file and its header.
    struct Frame {
        var offset: Int64
        var length: Int
        var header: MP3FrameHeader
    }

    static let bufferSize = 64 * 1024

    let reader: PositionalReader
    let region: MP3AudioRegion
    /// The first accepted frame's header, once there is one.
    private(set) var locked: MP3FrameHeader?
    /// Bytes skipped because they were not part of an accepted frame.
    private(set) var skippedBytes: Int64 = 0
    /// The first thing that looked like another kind of MPEG audio stream, for the error message
    /// when no layer III frame turns up (`MPEG-1 layer II`, `free-format bitrate`).
    private(set) var otherStream: String?

    private var position: Int64
    /// Where the last accepted frame ended: a frame starting there is in sync.
    private var syncedEnd: Int64?
    private var buffer: [UInt8]
    private var bufferOffset: Int64 = 0
    private var bufferCount = 0

    init(_ reader: PositionalReader, region: MP3AudioRegion) {
        self.reader = reader
        self.region = region
        position = region.start
        buffer = [UInt8](repeating: 0, count: Self.bufferSize)
    }

    /// The Xing/Info or VBRI tag, when the first frame held one (read by ``nextAudio()``).
    private(set) var tag: XingTag?
    private var sawFrame = false

    /// The next audio frame, or `nil` at the end: like ``next()``, but a first frame holding a
    /// Xing/Info or VBRI tag is read into ``tag`` and skipped.
    mutating func nextAudio() throws(MediaError) -> Frame? {
        guard let frame = try next() else { return nil }
        guard !sawFrame else { return frame }
        sawFrame = true
        if let tag = XingTag(frame: bytes(of: frame), header: frame.header) {
            self.tag = tag
            return try next()
        }
        return frame
    }

    /// The next frame, or `nil` at the end of the region.
    mutating func next() throws(MediaError) -> Frame? {
        while position + 4 <= region.end {
            let start = position
            if let frame = try frame(at: start) {
                position = start + Int64(frame.length)
                syncedEnd = position
                return frame
            }
            // Resync: skip to the next byte that could start a header.
            position += 1
            while position + 4 <= region.end {
                guard try ensure(position, count: 1) else { break }
                if buffer[index(position)] == 0xFF { break }
                position += 1
            }
            skippedBytes += min(position, region.end) - start
        }
        skippedBytes += max(region.end - position, 0)
        position = region.end
        return nil
    }

    /// The bytes of `frame`, valid until the next call to ``next()``.
    func bytes(of frame: Frame) -> ArraySlice<UInt8> {
        let start = index(frame.offset)
        return buffer[start..<start + frame.length]
    }

    /// A frame starting at `offset` that passes the checks above, or `nil`.
    private mutating func frame(at offset: Int64) throws(MediaError) -> Frame? {
        guard try ensure(offset, count: 4), let header = header(at: offset) else { return nil }
        guard header.isCopyable, let length = header.frameLength else {
            noteOtherStream(header, at: offset)
            return nil
        }
        if let locked, !header.isCompatible(with: locked) { return nil }
        let end = offset + Int64(length)
        guard end <= region.end else { return nil }
        let remainder = region.end - end
        if remainder >= 4 {
            guard try ensure(offset, count: length + 4) else { return nil }
            if !chainContinues(from: header, at: end) {
                // In sync but followed by junk: a real frame, unless real frames start inside it.
                guard locked != nil, offset == syncedEnd else { return nil }
                let window = Int(min(Int64(2 * Self.maxFrameLength + 8), region.end - offset))
                guard try ensure(offset, count: window) else { return nil }
                let limit = offset + Int64(window)
                for inner in offset + 1..<end where isChainStart(at: inner, compatibleWith: header, before: limit) {
                    return nil
                }
            }
        } else {
            guard try ensure(offset, count: length) else { return nil }
        }
        if locked == nil { locked = header }
        return Frame(offset: offset, length: length, header: header)
    }

    /// The longest layer III frame: 320 kbps at 32 kHz (or 160 kbps at 8 kHz), padded.
    static let maxFrameLength = 1441

    /// A copyable header compatible with `header` at `offset` (already in the buffer).
    private func chainContinues(from header: MP3FrameHeader, at offset: Int64) -> Bool {
        guard let next = self.header(at: offset) else { return false }
        return next.isCopyable && next.isCompatible(with: header)
    }

    /// A compatible frame at `offset` followed by another (or by the region's end), all within
    /// the buffered bytes before `limit`.
    private func isChainStart(at offset: Int64, compatibleWith header: MP3FrameHeader, before limit: Int64) -> Bool {
        guard offset + 4 <= limit, chainContinues(from: header, at: offset),
            let length = self.header(at: offset)?.frameLength
        else { return false }
        let end = offset + Int64(length)
        if end == region.end { return true }
        return end + 4 <= limit && chainContinues(from: header, at: end)
    }

    private func header(at offset: Int64) -> MP3FrameHeader? {
        let i = index(offset)
        return MP3FrameHeader(buffer[i], buffer[i + 1], buffer[i + 2], buffer[i + 3])
    }

    /// Remembers a layer I/II stream (two such frames in a row) or free format at the region's
    /// start, so a scan that finds no layer III can say what the file is.
    private mutating func noteOtherStream(_ header: MP3FrameHeader, at offset: Int64) {
        guard otherStream == nil, locked == nil else { return }
        if header.isLayerIII {
            if offset == region.start { otherStream = "\(header.version.rawValue) layer III with a free-format bitrate" }
            return
        }
        guard let length = header.frameLength, (try? ensure(offset, count: length + 4)) == true,
            let next = self.header(at: offset + Int64(length)), next.layer == header.layer,
            next.version == header.version, next.sampleRate == header.sampleRate
        else { return }
        otherStream = "\(header.version.rawValue) layer \(header.layer == 1 ? "I" : "II")"
    }

    private func index(_ offset: Int64) -> Int { Int(offset - bufferOffset) }

    /// Makes `offset..<offset + count` available in the buffer, refilling it from `offset` if
    /// needed; `false` when the region ends first.
    private mutating func ensure(_ offset: Int64, count: Int) throws(MediaError) -> Bool {
        precondition(count <= Self.bufferSize)
        guard offset + Int64(count) <= region.end else { return false }
        if offset >= bufferOffset, offset + Int64(count) <= bufferOffset + Int64(bufferCount) { return true }
        let wanted = Int(min(Int64(Self.bufferSize), region.end - offset))
        var failure: MediaError?
        var n = 0
        let source = reader
        buffer.withUnsafeMutableBytes { raw in
            do throws(MediaError) {
                n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[..<wanted]), at: offset)
            } catch { failure = error }
        }
        if let failure { throw failure }
        bufferOffset = offset
        bufferCount = n
        guard n >= count else {
            throw MediaError(
                .io, "'\(reader.name)' became shorter while it was read (\(offset + Int64(n)) of \(region.end) bytes)",
                function: "pread")
        }
        return true
    }
}
