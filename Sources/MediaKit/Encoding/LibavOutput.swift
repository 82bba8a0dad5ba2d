import CFFmpeg
import SystemPackage

/// An m4a, opus, flac or wav output: libavcodec encodes, libavformat muxes into a
/// ``PartialFile`` (see ``LibavFormatPlan`` for each format's muxer, encoder and chapters).
///
/// PCM is buffered in an ``AudioFIFO`` and handed to the encoder in frames of its
/// `frame_size` (AAC 1024, Opus 960, FLAC's block size; 4096 for PCM), converted to its sample
/// format, with `pts` counted in samples; the last frame may be short.
struct LibavOutput: EncodedOutput, ~Copyable {
    private let file: PartialFile
    private let encoder: AudioEncoderContext
    private let muxer: FormatOutput
    private let fifo: AudioFIFO
    private let staging: PCMBuffer
    private let frame: Frame
    private let packet: Packet
    private let plan: LibavFormatPlan
    private let frameSize: Int
    private let bits: Int
    private var samplesSent: Int64 = 0

    static let variableFrameSize = 4096

    var codecName: String { encoder.codecName }

    /// Opens `<path>.part`, the encoder and the muxer, and writes the header with `tags`;
    /// `chapterTitles` reserves one chapter per title where the header must carry them.
    init(path: FilePath, encoding: ResolvedEncoding, tags: [String: String], chapterTitles: [String]) throws(MediaError) {
        let plan = LibavFormatPlan(encoding)
        let encoder = try AudioEncoderContext(
            name: plan.encoder, sampleFormat: plan.sampleFormat, sampleRate: encoding.sampleRate,
            channels: encoding.channels, bitRate: encoding.bitrateKbps.map { $0 * 1000 },
            bitsPerRawSample: encoding.format == .flac ? encoding.bits : nil,
            globalHeader: try FormatOutput.wantsGlobalHeader(muxer: plan.muxer))
        let frameSize = encoder.frameSize ?? Self.variableFrameSize
        let file = try PartialFile(finalPath: path)
        guard let descriptor = file.openDescriptor else { preconditionFailure("a new PartialFile is open") }
        var muxer = try FormatOutput(muxer: plan.muxer, path: file.partPath.string, descriptor: descriptor)
        _ = try muxer.addStream(timeBase: encoder.timeBase) { encoder.copyParameters(to: $0) }
        var pairs = MetadataTags.pairs(tags)
        if case .vorbisComments = plan.chapters, !chapterTitles.isEmpty {
            pairs.removeAll { $0.key.uppercased().hasPrefix("CHAPTER") }
            pairs += VorbisChapterComments.placeholders(titles: chapterTitles)
        }
        try muxer.setMetadata(pairs, onStream: plan.tagsOnStream)
        try muxer.writeHeader(options: plan.options)
        let frame = try Frame()
        try encoder.allocate(frame, samples: frameSize)
        let fifo = try AudioFIFO(channels: encoding.channels, capacity: frameSize * 2)
        let packet = try Packet()
        self.fifo = fifo
        self.packet = packet
        self.staging = PCMBuffer(channels: encoding.channels, capacity: frameSize)
        self.file = file
        self.encoder = encoder
        self.muxer = muxer
        self.frame = frame
        self.plan = plan
        self.frameSize = frameSize
        self.bits = encoding.bits
    }

    mutating func write(_ chunk: PCMChunk) throws(MediaError) {
        try fifo.write(chunk)
        while fifo.count >= frameSize { try encodeFrame(samples: frameSize) }
    }

    /// Encodes `samples` from the FIFO as one frame and writes the packets that come out.
    private mutating func encodeFrame(samples: Int) throws(MediaError) {
        let chunk = try fifo.read(samples, into: staging)
        let writable = av_frame_make_writable(frame.raw)  // the encoder may still hold the last buffer
        if writable < 0 { throw MediaError(ffmpeg: writable, function: "av_frame_make_writable") }
        frame.raw.pointee.nb_samples = Int32(chunk.count)
        SampleWriter.write(chunk, into: frame, format: plan.sampleFormat, bits: bits)
        frame.raw.pointee.pts = samplesSent
        samplesSent += Int64(chunk.count)
        try encoder.send(frame.raw)
        try writePackets()
    }

    private func writePackets() throws(MediaError) {
        while try encoder.receive(into: packet) == .packet {
            try muxer.write(packet, timeBase: encoder.timeBase)
        }
    }

    consuming func finish(chapters: [AudioChapter]) throws(MediaError) -> Int64 {
        let remaining = fifo.count
        if remaining > 0 {
            if !encoder.acceptsShortLastFrame && encoder.frameSize != nil {
                // Pad to a whole frame with silence (no encoder used here needs it).
                let silence = PCMBuffer(channels: fifo.channels, capacity: frameSize - remaining)
                try fifo.write(silence.chunk(count: frameSize - remaining))
            }
            try encodeFrame(samples: fifo.count)
        }
        try encoder.send(nil)
        try writePackets()
        if case .avChapters = plan.chapters { try muxer.addChapters(chapters) }
        try muxer.writeTrailer()
        if case .vorbisComments(let container) = plan.chapters {
            try ChapterCommentPatcher.patch(file, container: container, chapters: chapters)
        }
        let bytes = try file.fileSize()
        try file.finish()
        return bytes
    }
}
