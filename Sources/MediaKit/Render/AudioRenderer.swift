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
    /// - Parameters:
    ///   - progress: Called once per phase change and at most about ten times a second in
    ///     between; the fraction is decoded seconds of all parts over the sum of their declared
    ///     durations (`nil` if any part has none, e.g. read from a pipe).
    public static func render(
        _ request: RenderRequest, limits: DecodeLimits = .default, progress: (TranscodeProgress) -> Void
    ) throws(MediaError) -> RenderResult {
        try request.validate()
        FFmpegLog.configure()
        var meter = ProgressMeter()
        progress(meter.report)
        let count = request.parts.count
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
        let first: PartInput
        do {
            first = try PartInput(descriptor: firstPart.descriptor, name: firstPart.name, limits: limits)
        } catch {
            throw error.naming(part: firstPart.name, index: 0, of: count)
        }
        declared.insert(first.declaredDurationSeconds, at: 0)
        meter.durationSeconds = declared.contains { $0 == nil } ? nil : declared.reduce(0) { $0 + ($1 ?? 0) }
        if let report = meter.enter(.decoding) { progress(report) }

        let encoding = try ResolvedEncoding(request.encoding, inputRate: first.sampleRate, inputChannels: first.channels)
        let titles = request.writesChapters ? request.parts.map(\.title) : []
        if encoding.format == .mp3 {
            let output = try LameOutput(
                path: request.outputPath, encoding: encoding, tags: request.tags, chapterTitles: titles)
            return try run(request, encoding: encoding, output: output, first: first, meter: &meter, limits: limits, progress)
        }
        let output = try LibavOutput(path: request.outputPath, encoding: encoding, tags: request.tags, chapterTitles: titles)
        return try run(request, encoding: encoding, output: output, first: first, meter: &meter, limits: limits, progress)
    }

    /// How far below the requested ceiling the limiter aims, in dB: lossy encoders move true
    /// peaks (MP3 and AAC typically by up to about 1 dB on speech), and 4× oversampling can
    /// under-read a peak slightly.
    public static func limiterMarginDB(for format: AudioFormat) -> Double {
        switch format {
        case .mp3, .m4a, .opus: 1.0
        case .flac, .wav: 0.1
        }
    }
}
