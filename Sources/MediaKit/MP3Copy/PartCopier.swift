/// Reads the audio frames of one part of a join, the same way its scan did, and checks that the
/// part still is what the scan found (same format, frame count and bytes). Every error names the
/// part by number and file name.
struct PartCopier {
    let part: MP3FrameJoiner.Part
    let number: Int
    let count: Int
    let scan: MP3StreamInfo
    /// Part 1's format: every copied frame must belong to the same stream.
    let stream: MP3StreamInfo

    init(_ part: MP3FrameJoiner.Part, number: Int, of count: Int, scan: MP3StreamInfo, stream: MP3StreamInfo) {
        self.part = part
        self.number = number
        self.count = count
        self.scan = scan
        self.stream = stream
    }

    private var label: String { "part \(number) of \(count) (\(part.name))" }

    /// Calls `body` with each audio frame's bytes (valid only during the call), in order.
    func forEachFrame(_ body: (ArraySlice<UInt8>) throws(MediaError) -> Void) throws(MediaError) {
        var frames = try named { () throws(MediaError) in
            let reader = PositionalReader(descriptor: part.descriptor, name: part.name)
            return MP3FrameReader(reader, region: try MP3AudioRegion.locate(reader))
        }
        var frameCount = 0
        var bytes: Int64 = 0
        while let frame = try named({ () throws(MediaError) in try frames.nextAudio() }) {
            let header = frame.header
            guard header.version == stream.version, header.sampleRate == stream.sampleRate,
                header.channels == stream.channels
            else {
                throw changed(
                    "a frame at offset \(frame.offset) is \(header.version.rawValue) \(header.sampleRate) Hz \(header.channelMode.rawValue)"
                )
            }
            try body(frames.bytes(of: frame))
            frameCount += 1
            bytes += Int64(frame.length)
        }
        guard frameCount == scan.frameCount, bytes == scan.audioBytes else {
            throw changed("it now has \(frameCount) frames (\(bytes) bytes), its scan found \(scan.frameCount) (\(scan.audioBytes) bytes)")
        }
    }

    private func changed(_ detail: String) -> MediaError {
        MediaError(.invalidData, "\(label) changed since it was scanned: \(detail); scan it again")
    }

    /// Runs `work`, prefixing any error's message with the part's label.
    private func named<T>(_ work: () throws(MediaError) -> T) throws(MediaError) -> T {
        do {
            return try work()
        } catch {
            throw MediaError(error.code, "\(label): \(error.message)", function: error.function, rawCode: error.rawCode)
        }
    }
}
