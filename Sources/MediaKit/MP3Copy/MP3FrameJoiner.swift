import SystemPackage

/// Joins ordered MP3 parts into one MP3 without decoding ("copy mode"): every audio frame of
/// every part is copied byte for byte, so there is no generation loss.
///
/// Scan each part with ``MP3Scanner/scan(_:name:)``, ask ``mismatch(_:names:)`` whether they can
/// be joined this way (else decode and re-encode them), then ``join(parts:infos:gapMilliseconds:tags:chapters:to:progress:)``.
public enum MP3FrameJoiner {
    public struct Part: Sendable {
        /// A regular file, read with `pread` (its offset is left alone); the caller closes it.
        public var descriptor: FileDescriptor
        /// The file name, for messages.
        public var name: String
        /// The chapter title.
        public var title: String

        public init(descriptor: FileDescriptor, name: String, title: String) {
            self.descriptor = descriptor
            self.name = name
            self.title = title
        }
    }

    /// The encoder name written to the output's `TSSE` frame.
    public static let encoderName = "mediaspool (frame copy)"

    /// `nil` when the parts can be joined frame by frame; else why not, naming the first part that
    /// cannot, by number (from 1) and name: e.g. `part 3 (p3.mp3) is MPEG-2 24000 Hz mono, part 1
    /// (p1.mp3) is MPEG-1 44100 Hz mono`.
    ///
    /// All parts must share MPEG version, sample rate and channel mode, stereo and joint stereo
    /// counting as one (LAME mixes them per frame); mono never joins two channels. A part whose
    /// first audio frame uses the bit reservoir (`main_data_begin` ≠ 0, a stream cut from a longer
    /// one) would decode with a glitch at its start, so it is refused too.
    public static func mismatch(_ infos: [MP3StreamInfo], names: [String]) -> String? {
        guard let first = infos.first else { return "there are no parts to join" }
        func label(_ index: Int) -> String { "part \(index + 1) (\(index < names.count ? names[index] : "unnamed"))" }
        for (index, info) in infos.enumerated() {
            if index > 0,
                info.version != first.version || info.sampleRate != first.sampleRate
                    || channelClass(info.channelMode) != channelClass(first.channelMode)
            {
                return "\(label(index)) is \(info.formatDescription), \(label(0)) is \(first.formatDescription)"
            }
            if info.firstFrameUsesReservoir {
                return
                    "\(label(index)) starts with a frame that uses the bit reservoir (main_data_begin is not 0): it needs bytes of audio the part does not have, so it cannot be copied cleanly"
            }
        }
        return nil
    }

    /// Stereo and joint stereo are one class; dual channel and mono are their own.
    private static func channelClass(_ mode: MP3StreamInfo.ChannelMode) -> Int {
        switch mode {
        case .stereo, .jointStereo: 0
        case .dualChannel: 1
        case .mono: 2
        }
    }

    /// Writes `<outputPath>.part` and renames it to `outputPath` (fsynced; on any error nothing is
    /// left): an ID3v2.4 tag from `tags` (plus one `CHAP` per part and a `CTOC` when `chapters`),
    /// a fresh Xing/Info frame with a LAME tag (frame and byte counts, seek TOC, the first part's
    /// encoder delay and the last part's padding, music length and CRCs) so players show the
    /// right duration, trim and seek, then every audio frame of every part byte for byte, with
    /// silent frames between parts.
    ///
    /// Gaps: each part keeps its own encoder delay and padding, which play as silence at every
    /// join. The number of silent frames at a join is chosen so that the audible gap (previous
    /// part's padding + silent frames + next part's delay) is as close as possible to
    /// `gapMilliseconds`, never fewer than zero frames. So with `gapMilliseconds` 0 the parts
    /// are not butted: each join keeps exactly `padding(k) + delay(k + 1)` samples of silence, and
    /// the result's ``MP3JoinResult/decodedSamples`` counts them. For LAME 3.100 parts (delay 576,
    /// padding 577 to 576 + one frame) that is 1153 to 1152 + one frame: 26–52 ms at 44.1 kHz,
    /// 52–78 ms at 22.05 kHz.
    ///
    /// - Parameters:
    ///   - infos: The parts' scans, in order; every part is re-read and must still match its scan.
    ///   - progress: `probing`, `encoding` (fraction: audio bytes copied over all audio bytes),
    ///     `finalizing`; once per phase change and at most about ten times a second in between.
    /// - Throws: ``MediaError/Code/unsupportedFormat`` with the ``mismatch(_:names:)`` reason when
    ///   the parts cannot be joined; ``MediaError/Code/invalidData`` when a part changed since its
    ///   scan; ``MediaError/Code/io`` on read or write errors, naming the part or the output.
    public static func join(
        parts: [Part], infos: [MP3StreamInfo], gapMilliseconds: Int, tags: [String: String], chapters: Bool,
        to outputPath: FilePath, progress: (TranscodeProgress) -> Void
    ) throws(MediaError) -> MP3JoinResult {
        precondition(parts.count == infos.count, "one scan per part")
        if let reason = mismatch(infos, names: parts.map(\.name)) {
            throw MediaError(.unsupportedFormat, "the parts cannot be joined frame by frame: \(reason)")
        }
        let plan = MP3JoinPlan(infos, gapMilliseconds: gapMilliseconds)
        let first = infos[0]
        let chapterList = plan.chapters(titles: parts.map(\.title))
        var meter = ProgressMeter()
        meter.durationSeconds = plan.seconds(plan.decodedSamples)  // fractions are overridden with bytes
        progress(meter.report)

        let output = try PartialFile(finalPath: outputPath)
        let tag = id3Tag(tags: tags, chapters: chapters ? chapterList : [], plan: plan)
        try output.write(tag)
        let xing = XingFrameBuilder(
            version: first.version, sampleRate: first.sampleRate, channelMode: first.channelMode,
            constantBitrateKbps: plan.constantBitrateKbps)
        try output.write([UInt8](repeating: 0, count: xing.frameLength))  // placeholder until the counts are known
        if let report = meter.enter(.encoding) { progress(report) }

        let silence = SilentFrame.bytes(
            version: first.version, sampleRate: first.sampleRate, channelMode: first.channelMode,
            bitrateIndex: plan.gapBitrateIndex)
        let totalBytes = infos.reduce(Int64(0)) { $0 + $1.audioBytes } + Int64(plan.totalGapFrames * silence.count)
        let duration = plan.seconds(plan.decodedSamples)
        var sink = FrameSink(totalFrames: plan.totalFrames)
        func tick() {
            let seconds = min(plan.seconds(Int64(sink.frames) * Int64(plan.samplesPerFrame)), duration)
            guard var report = meter.advance(to: seconds) else { return }
            report.fraction = totalBytes > 0 ? min(Double(sink.bytes) / Double(totalBytes), 1) : 1
            progress(report)
        }
        for (index, part) in parts.enumerated() {
            let copier = PartCopier(part, number: index + 1, of: parts.count, scan: infos[index], stream: first)
            try copier.forEachFrame { (frame) throws(MediaError) in
                try sink.append(frame, to: output)
                tick()
            }
            for _ in 0..<plan.gapFrames[index] {
                try sink.append(silence[...], to: output)
                tick()
            }
        }
        try sink.flush(to: output)
        guard sink.frames == plan.totalFrames else {
            throw MediaError(.internal, "frame copy wrote \(sink.frames) frames where \(plan.totalFrames) were planned")
        }

        _ = meter.advance(to: duration)
        var last = meter.enter(.finalizing) ?? meter.report
        last.fraction = 1
        progress(last)
        let frame = xing.frame(
            frames: sink.frames, audioBytes: sink.bytes, tocOffsets: sink.tocOffsets, encoderDelay: plan.encoderDelay,
            encoderPadding: plan.encoderPadding, musicCRC: sink.crc.value)
        try output.overwrite(frame, at: Int64(tag.count))
        let size = try output.size()
        try output.finish()
        return MP3JoinResult(
            frames: sink.frames, gapFrames: plan.totalGapFrames, outputBytes: size, sampleRate: first.sampleRate,
            channels: first.channels, decodedSamples: plan.decodedSamples,
            durationSeconds: plan.seconds(plan.decodedSamples), chapters: chapterList)
    }

    /// The ID3v2.4 tag: `tags`, `TSSE`, then a `CTOC` and one `CHAP` (with a `TIT2`) per chapter.
    static func id3Tag(tags: [String: String], chapters: [AudioChapter], plan: MP3JoinPlan) -> [UInt8] {
        var writer = ID3v2Writer(tags: tags, encoderName: encoderName)
        if !chapters.isEmpty {
            let ids = chapters.indices.map { "ch\($0)" }
            writer.frames.append(.tableOfContents(elementID: "toc", childElementIDs: ids))
            for (index, chapter) in chapters.enumerated() {
                let span = plan.spans[index]
                writer.frames.append(
                    .chapter(
                        elementID: ids[index], startMilliseconds: milliseconds(span.lowerBound, rate: plan.sampleRate),
                        endMilliseconds: milliseconds(span.upperBound, rate: plan.sampleRate),
                        subframes: [.text("TIT2", chapter.title)]))
            }
        }
        return writer.encoded()
    }

    private static func milliseconds(_ samples: Int64, rate: Int) -> UInt32 {
        UInt32(clamping: (max(samples, 0) * 1000 + Int64(rate / 2)) / Int64(rate))
    }
}
