import SystemPackage

/// An mp3 output: LAME encodes, ``PartialFile`` holds the bytes behind an ID3v2.4 tag.
///
/// Chapters (`CTOC` + `CHAP`) are written into the tag up front with placeholder times, since
/// the tag comes before the audio; ``finish(chapters:)`` writes the same tag with the real
/// times over it (fixed-width fields keep its length) and the LAME/Xing frame over LAME's
/// placeholder frame.
struct LameOutput: EncodedOutput, ~Copyable {
    private let encoder: LameEncoder
    private let file: PartialFile
    private let tags: [String: String]
    /// Where LAME's first (placeholder) frame starts: right after the ID3v2 tag.
    private let firstFrameOffset: Int64

    var codecName: String { "mp3 (LAME \(LameEncoder.version))" }

    /// Opens `<path>.part` and writes the tag; `chapterTitles` reserves one chapter per title.
    init(path: FilePath, encoding: ResolvedEncoding, tags: [String: String], chapterTitles: [String]) throws(MediaError) {
        guard let rateControl = encoding.mp3RateControl else { preconditionFailure("mp3 output without rate control") }
        let encoder = try LameEncoder(
            sampleRate: encoding.sampleRate, channels: encoding.channels, rateControl: rateControl)
        let file = try PartialFile(finalPath: path)
        let placeholders = chapterTitles.map { AudioChapter(title: $0, startSeconds: 0, endSeconds: 0) }
        let tag = Self.tag(tags, chapters: placeholders)
        try file.write(tag)
        self.encoder = encoder
        self.file = file
        self.tags = tags
        firstFrameOffset = Int64(tag.count)
    }

    private static func tag(_ tags: [String: String], chapters: [AudioChapter]) -> [UInt8] {
        var writer = ID3v2Writer(tags: tags, encoderName: "LAME \(LameEncoder.version)")
        writer.appendChapters(chapters)
        return writer.encoded()
    }

    mutating func write(_ chunk: PCMChunk) throws(MediaError) {
        guard chunk.count > 0 else { return }
        let right = chunk.plane(chunk.channels > 1 ? 1 : 0)
        try encoder.encode(left: chunk.plane(0), right: right, count: chunk.count) { (bytes) throws(MediaError) in
            try file.write(bytes)
        }
    }

    consuming func finish(chapters: [AudioChapter]) throws(MediaError) -> Int64 {
        try encoder.flush { (bytes) throws(MediaError) in try file.write(bytes) }
        let size = try file.size()
        // LAME leaves the tag out when it does not fit one frame (CBR 8–32 kbps at low rates);
        // then there is no placeholder to overwrite either.
        let tagFrame = encoder.lametagFrame()
        if !tagFrame.isEmpty {
            guard firstFrameOffset + Int64(tagFrame.count) <= size else {
                throw MediaError(
                    .encoder, "lame_get_lametag_frame: the LAME/Xing frame is larger than the output",
                    function: "lame_get_lametag_frame")
            }
            try file.overwrite(tagFrame, at: firstFrameOffset)
        }
        if !chapters.isEmpty {
            let tag = Self.tag(tags, chapters: chapters)
            guard Int64(tag.count) == firstFrameOffset else {
                throw MediaError(.internal, "ID3v2 tag with chapter times changed length (\(tag.count) ≠ \(firstFrameOffset))")
            }
            try file.overwrite(tag, at: 0)
        }
        try file.finish()
        return size
    }
}
