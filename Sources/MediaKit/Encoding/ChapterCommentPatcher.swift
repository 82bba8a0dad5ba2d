/// Writes chapter start times over the placeholder `CHAPTERnnn` comments that
/// ``VorbisChapterComments`` put in a finished FLAC or Ogg file's header.
///
/// FLAC: the `VORBIS_COMMENT` metadata block is found by walking the blocks after `fLaC` and
/// patched in place (FLAC has no checksum over metadata). Ogg: the header pages (granule
/// position 0 or -1, before the first audio page) are read, their payloads searched as one
/// stream (a comment may straddle a page boundary), and every changed page gets a new CRC.
/// The times have the placeholder's width, so no length changes.
enum ChapterCommentPatcher {
    enum Container { case flac, ogg }

    /// A run of the file read into memory.
    private struct Region {
        var offset: Int64
        var bytes: [UInt8]
        /// Where the searchable payload lies inside `bytes`.
        var payload: Range<Int>
        var changed = false
    }

    /// Header regions are looked for in the first 16 MiB.
    private static let searchLimit: Int64 = 16 << 20

    static func patch(
        _ file: borrowing PartialFile, container: Container, chapters: [AudioChapter]
    ) throws(MediaError) {
        guard !chapters.isEmpty else { return }
        var regions =
            switch container {
            case .flac: try flacCommentBlock(file)
            case .ogg: try oggHeaderPages(file)
            }
        // The payloads as one stream, and where each stream byte lives.
        var stream: [UInt8] = []
        var origin: [(region: Int, index: Int)] = []
        for (number, region) in regions.enumerated() {
            stream += region.bytes[region.payload]
            origin += region.payload.map { (number, $0) }
        }
        var searchFrom = 0
        for (index, chapter) in chapters.enumerated() {
            let placeholder = VorbisChapterComments.encodedComment(index, time: VorbisChapterComments.placeholderTime)
            let replacement = VorbisChapterComments.encodedComment(
                index, time: VorbisChapterComments.timestamp(chapter.startSeconds))
            guard replacement.count == placeholder.count, let found = find(placeholder, in: stream, from: searchFrom)
            else {
                throw MediaError(.internal, "chapter \(index)'s placeholder comment is missing from the file's header")
            }
            for (offset, byte) in replacement.enumerated() {
                let (region, at) = origin[found + offset]
                regions[region].bytes[at] = byte
                regions[region].changed = true
            }
            searchFrom = found + placeholder.count
        }
        for var region in regions where region.changed {
            if container == .ogg { OggPage.updateChecksum(&region.bytes) }
            try file.overwrite(region.bytes, at: region.offset)
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// The FLAC `VORBIS_COMMENT` block (type 4), its body as the payload.
    private static func flacCommentBlock(_ file: borrowing PartialFile) throws(MediaError) -> [Region] {
        guard try file.read(at: 0, count: 4) == Array("fLaC".utf8) else { throw notFound("FLAC signature") }
        var offset: Int64 = 4
        while offset < searchLimit {
            let header = try file.read(at: offset, count: 4)
            guard header.count == 4 else { break }
            let length = Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
            if header[0] & 0x7F == 4 {
                let body = try file.read(at: offset + 4, count: length)
                guard body.count == length else { break }
                return [Region(offset: offset + 4, bytes: body, payload: 0..<length)]
            }
            if header[0] & 0x80 != 0 { break }  // last metadata block
            offset += 4 + Int64(length)
        }
        throw notFound("FLAC VORBIS_COMMENT block")
    }

    /// The Ogg pages before the first one with a positive granule position.
    private static func oggHeaderPages(_ file: borrowing PartialFile) throws(MediaError) -> [Region] {
        var regions: [Region] = []
        var offset: Int64 = 0
        while offset < searchLimit {
            let header = try file.read(at: offset, count: 27)
            guard header.count == 27, header[0..<4].elementsEqual("OggS".utf8) else { break }
            let granule = header[6..<14].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            if granule != 0 && granule != .max { break }  // an audio page
            let segments = Int(header[26])
            let lacing = try file.read(at: offset + 27, count: segments)
            guard lacing.count == segments else { break }
            let headerLength = 27 + segments
            let length = headerLength + lacing.reduce(0) { $0 + Int($1) }
            let page = try file.read(at: offset, count: length)
            guard page.count == length else { break }
            regions.append(Region(offset: offset, bytes: page, payload: headerLength..<length))
            offset += Int64(length)
        }
        guard !regions.isEmpty else { throw notFound("Ogg header pages") }
        return regions
    }

    private static func notFound(_ what: String) -> MediaError {
        MediaError(.internal, "cannot write chapter times: no \(what) in the output")
    }
}
