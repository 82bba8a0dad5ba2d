/// Names a container by its magic bytes at the start of an MP3 file's audio region, so a WAV or
/// an AAC file handed to the frame copier is rejected by name before any frame search (PCM can
/// contain byte pairs that look like MPEG sync words).
enum ContainerSniffer {
    /// `a WAV file`, `an ADTS AAC stream`, … or `nil` when the bytes could be MPEG audio.
    static func describe(_ reader: PositionalReader, region: MP3AudioRegion) throws(MediaError) -> String? {
        let head = try reader.bytes(at: region.start, count: Int(min(16, region.end - region.start)))
        func has(_ text: String, at offset: Int = 0) -> Bool {
            let needle = Array(text.utf8)
            return head.count >= offset + needle.count && head[offset..<offset + needle.count].elementsEqual(needle)
        }
        if has("RIFF") || has("RIFX") || has("RF64") { return has("WAVE", at: 8) ? "a WAV file" : "a RIFF file" }
        if has("FORM") { return "an AIFF file" }
        if has("fLaC") { return "a FLAC file" }
        if has("OggS") { return "an Ogg file" }
        if has("ftyp", at: 4) { return "an MP4/M4A file" }
        if head.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) { return "a Matroska/WebM file" }
        if has("#!AMR") { return "an AMR file" }
        if has("caff") { return "a CAF file" }
        if has(".snd") { return "an AU file" }
        // ADTS: 12 sync bits, then the MPEG-4/2 ID and layer 00 (MPEG audio reserves layer 00).
        if head.count >= 7, head[0] == 0xFF, head[1] & 0xF6 == 0xF0 { return "an ADTS AAC stream" }
        return nil
    }
}
