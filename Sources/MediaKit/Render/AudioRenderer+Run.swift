extension AudioRenderer {
    /// The encoding pass, once the output exists: the joined parts through the pipeline into
    /// `output`, then the output finished.
    static func run<Output: EncodedOutput & ~Copyable>(
        _ request: RenderRequest, encoding: ResolvedEncoding, output: consuming Output, source: consuming RenderSource,
        makeupGainDB: Double?, meter: inout ProgressMeter, progressOffset: Double, _ progress: (TranscodeProgress) -> Void
    ) throws(MediaError) -> RenderResult {
        var output = output
        var source = source
        var pipeline = try RenderPipeline(
            sampleRate: encoding.sampleRate, channels: encoding.channels,
            limitDBTP: request.truePeakCeilingDBTP.map { $0 - limiterMarginDB(for: encoding.format) },
            measure: request.measureOutputLoudness)
        if let report = meter.enter(.encoding) { progress(report) }
        while let chunk = try source.next() {
            try output.write(try pipeline.process(chunk))
            if let report = meter.advance(to: progressOffset + source.decodedSeconds) { progress(report) }
        }
        if let report = meter.enter(.finalizing) { progress(report) }
        if let tail = try pipeline.drain() { try output.write(tail) }
        let total = pipeline.samples
        let loudness = try pipeline.measurement()
        let timeline = source.timeline
        let chapters = request.writesChapters ? timeline.chapters(titles: request.parts.map(\.title), total: total) : []
        let codecName = output.codecName
        let bytes = try output.finish(chapters: chapters)
        return RenderResult(
            parts: source.rendered, codecName: codecName, outputSampleRate: encoding.sampleRate,
            outputChannels: encoding.channels, outputSamples: total, outputDurationSeconds: timeline.seconds(total),
            outputBytes: bytes, chapters: chapters, outputLoudness: loudness, makeupGainDB: makeupGainDB)
    }

    /// The analysis pass for a loudness target: the joined parts through candidate makeup gains
    /// and limiters (``MakeupSearch``), nothing written. Returns the makeup that reaches the
    /// target and the seconds decoded.
    static func findMakeup(
        _ request: RenderRequest, target: Double, encoding: ResolvedEncoding, source: consuming RenderSource,
        meter: inout ProgressMeter, _ progress: (TranscodeProgress) -> Void
    ) throws(MediaError) -> (makeupDB: Double, decodedSeconds: Double) {
        var source = source
        var search = try MakeupSearch(
            sampleRate: encoding.sampleRate, channels: encoding.channels,
            limitDBTP: request.truePeakCeilingDBTP.map { $0 - limiterMarginDB(for: encoding.format) })
        while let chunk = try source.next() {
            try search.add(chunk)
            if let report = meter.advance(to: source.decodedSeconds) { progress(report) }
        }
        return (try search.makeup(toReach: target) ?? 0, source.decodedSeconds)
    }
}
