import SystemPackage

/// Renders several parts into one file: each part decoded in turn (only one open at a time,
/// streamed in bounded memory), resampled with libswresample to the output rate and channel
/// count, its gain applied, joined with exact gaps of digital silence, passed through the
/// optional true-peak limiter and encoded once, as mp3 (LAME), m4a (AAC), opus, flac or wav.
///
/// MP3 parts join gaplessly: libavcodec trims each one's encoder delay and padding, which
/// FFmpeg's mp3 demuxer reads from the LAME tag and hands over as skip samples.
public enum AudioRenderer {
    /// Writes `request.outputPath` as `<outputPath>.part`, fsyncs it, renames it into place
    /// and fsyncs the folder. On any error the `.part` is removed and nothing is left at
    /// `outputPath`; errors about a part name it.
    ///
    /// With ``RenderRequest/loudnessTargetLUFS`` the parts are decoded twice: an analysis pass
    /// finds the makeup gain, then the encoding pass uses it.
    ///
    /// - Parameters:
    ///   - progress: Called once per phase change and at most about ten times a second in
    ///     between; the fraction is decoded seconds of all parts over the sum of their declared
    ///     durations (`nil` if any part has none, e.g. read from a pipe). With a loudness target
    ///     both passes count, so the total is twice the sum.
    public static func render(
        _ request: RenderRequest, limits: DecodeLimits = .default, progress: (TranscodeProgress) -> Void
    ) throws(MediaError) -> RenderResult {
        try request.validate()
        FFmpegLog.configure()
        var meter = ProgressMeter()
        progress(meter.report)
        let count = request.parts.count
        // A loudness target reads every part twice: note where each starts.
        var offsets: [Int64] = []
        if request.loudnessTargetLUFS != nil {
            for (index, part) in request.parts.enumerated() {
                guard let offset = try? part.descriptor.seek(offset: 0, from: .current) else {
                    throw MediaError(
                        .invalidSettings,
                        "part \(index + 1) '\(part.name)' cannot be read twice (not seekable); a loudness target "
                            + "needs files, not pipes")
                }
                offsets.append(offset)
            }
        }
        // Declared durations for the progress total: parts after the first are opened and
        // closed one by one now; the first is opened for good below.
        var declared: [Double?] = []
        for (index, part) in request.parts.enumerated().dropFirst() {
            do {
                declared.append(try PartSurvey.declaredDuration(of: part, limits: limits))
            } catch {
                throw error.naming(part: part.name, index: index, of: count)
            }
        }
        let firstPart = request.parts[0]
        var first: PartInput?
        do {
            first = try PartInput(descriptor: firstPart.descriptor, name: firstPart.name, limits: limits)
        } catch {
            throw error.naming(part: firstPart.name, index: 0, of: count)
        }
        declared.insert(first?.declaredDurationSeconds, at: 0)
        let passes = request.loudnessTargetLUFS == nil ? 1.0 : 2.0
        meter.durationSeconds = declared.contains { $0 == nil } ? nil : passes * declared.reduce(0) { $0 + ($1 ?? 0) }
        if let report = meter.enter(.decoding) { progress(report) }
        let encoding = try ResolvedEncoding(
            request.encoding, inputRate: first?.sampleRate ?? 0, inputChannels: first?.channels ?? 0)

        var makeup: Double?
        var progressOffset = 0.0
        if let target = request.loudnessTargetLUFS {
            let analysis = RenderSource(request, encoding: encoding, first: first.take(), limits: limits)
            let found = try findMakeup(
                request, target: target, encoding: encoding, source: analysis, meter: &meter, progress)
            makeup = found.makeupDB
            progressOffset = found.decodedSeconds
            for (part, offset) in zip(request.parts, offsets) {
                do {
                    _ = try part.descriptor.seek(offset: offset, from: .start)
                } catch {
                    throw MediaError(errno: error as? Errno ?? .ioError, function: "lseek", path: part.name)
                }
            }
        }
        let source = RenderSource(
            request, encoding: encoding, first: first.take(), limits: limits, extraGainDB: makeup ?? 0)
        let titles = request.writesChapters ? request.parts.map(\.title) : []
        if encoding.format == .mp3 {
            let output = try LameOutput(
                path: request.outputPath, encoding: encoding, tags: request.tags, chapterTitles: titles)
            return try run(
                request, encoding: encoding, output: output, source: source, makeupGainDB: makeup, meter: &meter,
                progressOffset: progressOffset, progress)
        }
        let output = try LibavOutput(path: request.outputPath, encoding: encoding, tags: request.tags, chapterTitles: titles)
        return try run(
            request, encoding: encoding, output: output, source: source, makeupGainDB: makeup, meter: &meter,
            progressOffset: progressOffset, progress)
    }

    /// How far below the requested ceiling the limiter aims, in dB: lossy encoders move true
    /// peaks (measured on speech: MP3 and AAC at 128 kbps by -0.4 to +0.1 dB, Opus at 64 kbps by
    /// up to +0.5 dB; dense music can move them more), and 4× oversampling can under-read a
    /// peak slightly.
    public static func limiterMarginDB(for format: AudioFormat) -> Double {
        switch format {
        case .mp3, .m4a: 0.5
        case .opus: 1.0
        case .flac, .wav: 0.2
        }
    }
}
