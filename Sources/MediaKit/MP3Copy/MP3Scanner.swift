import SystemPackage

/// Reads an MP3 file's frame headers (no decoding) to learn what ``MP3FrameJoiner`` needs:
/// format, frame count, LAME encoder delay and padding, and whether it starts cleanly.
public enum MP3Scanner {
    /// Scans the MPEG audio frames of `descriptor` (a regular file, read with `pread` from
    /// offset 0; its offset is left alone), skipping tags at either end and junk between frames.
    ///
    /// Throws ``MediaError/Code/unsupportedFormat`` naming `name` when it is not MPEG-1/2/2.5
    /// layer III (a WAV, an AAC file, a layer II file, free-format bitrate),
    /// ``MediaError/Code/invalidData`` when it is truncated inside a tag or holds no frames
    /// (garbage throughout), ``MediaError/Code/io`` on read errors.
    public static func scan(_ descriptor: FileDescriptor, name: String) throws(MediaError) -> MP3StreamInfo {
        let reader = PositionalReader(descriptor: descriptor, name: name)
        let region = try MP3AudioRegion.locate(reader)
        if let other = try ContainerSniffer.describe(reader, region: region) {
            throw MediaError(.unsupportedFormat, "'\(name)' is \(other), not MPEG audio layer III; it cannot be frame-copied")
        }
        var frames = MP3FrameReader(reader, region: region)
        var tally = Tally()
        while let frame = try frames.nextAudio() {
            if tally.first == nil {
                tally.first = frame.header
                tally.firstMainDataBegin = mainDataBegin(frames.bytes(of: frame), header: frame.header)
            }
            tally.add(frame)
        }
        guard let first = tally.first else {
            if let other = frames.otherStream {
                throw MediaError(
                    .unsupportedFormat, "'\(name)' is \(other), not layer III with a fixed bitrate table; it cannot be frame-copied")
            }
            let what = region.end > region.start ? "no MPEG audio frames in \(region.end - region.start) bytes" : "no audio after its tags"
            throw MediaError(.invalidData, "'\(name)' has \(what); it is not an MP3 file or it is damaged")
        }
        let title = try region.leadingID3v2.flatMap { (tag) throws(MediaError) in try ID3v2TitleReader.title(reader, tag: tag) }
        tally.tag = frames.tag
        return tally.info(first: first, title: title, skippedBytes: frames.skippedBytes)
    }

    /// `main_data_begin`: the first 9 (MPEG-1) or 8 (MPEG-2/2.5) bits of the side information,
    /// how many bytes of earlier frames this frame's audio data starts in.
    static func mainDataBegin(_ frame: ArraySlice<UInt8>, header: MP3FrameHeader) -> Int {
        let i = frame.startIndex + header.sideInfoOffset
        guard i + 1 < frame.endIndex else { return 0 }
        return header.version == .mpeg1 ? Int(frame[i]) << 1 | Int(frame[i + 1] >> 7) : Int(frame[i])
    }

    /// Counts over the audio frames of one scan.
    private struct Tally {
        var tag: XingTag?
        var first: MP3FrameHeader?
        var firstMainDataBegin = 0
        var frameCount = 0
        var audioBytes: Int64 = 0
        var bitrate: Int?
        var isConstant = true

        mutating func add(_ frame: MP3FrameReader.Frame) {
            frameCount += 1
            audioBytes += Int64(frame.length)
            let kbps = frame.header.bitrateKbps
            if let bitrate, bitrate != kbps { isConstant = false }
            bitrate = bitrate ?? kbps
        }

        func info(first: MP3FrameHeader, title: String?, skippedBytes: Int64) -> MP3StreamInfo {
            let spf = first.samplesPerFrame
            // As FFmpeg's mp3dec.c: skip delay + 529 samples; stop at the tag's frame count × spf −
            // padding + 529, or at the last decoded sample if that comes first.
            let delay = tag?.encoderDelay
            let padding = tag?.frames != nil ? tag?.encoderPadding : nil
            let all = Int64(frameCount) * Int64(spf)
            let lead = delay.map { Int64($0 + MP3StreamInfo.decoderDelay) } ?? 0
            var end = all
            if let padding, let frames = tag?.frames {
                end = min(all, Int64(frames) * Int64(spf) - Int64(padding) + Int64(MP3StreamInfo.decoderDelay))
            }
            let decoded = max(end - lead, 0)
            return MP3StreamInfo(
                version: first.version, sampleRate: first.sampleRate, channelMode: first.channelMode,
                channels: first.channels, samplesPerFrame: spf, frameCount: frameCount, audioBytes: audioBytes,
                bitrateKbps: isConstant ? bitrate : nil, encoderDelay: delay, encoderPadding: padding,
                decodedSamples: decoded, durationSeconds: Double(decoded) / Double(first.sampleRate), title: title,
                firstFrameUsesReservoir: firstMainDataBegin != 0, skippedBytes: skippedBytes)
        }
    }
}
