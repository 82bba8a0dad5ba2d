extension AudioRenderer {
    /// The render proper, once the first part is open and the output exists: parts and gaps
    /// through the pipeline into `output`, then the output finished.
    static func run<Output: EncodedOutput & ~Copyable>(
        _ request: RenderRequest, encoding: ResolvedEncoding, output: consuming Output, first: consuming PartInput,
        meter: inout ProgressMeter, limits: DecodeLimits, _ progress: (TranscodeProgress) -> Void
    ) throws(MediaError) -> RenderResult {
        var output = output
        var pending: PartInput? = first
        var pipeline = try RenderPipeline(
            sampleRate: encoding.sampleRate, channels: encoding.channels,
            limitDBTP: request.truePeakCeilingDBTP.map { $0 - limiterMarginDB(for: encoding.format) },
            measure: request.measureOutputLoudness)
        var timeline = RenderTimeline(sampleRate: encoding.sampleRate)
        let silence = PCMBuffer(channels: encoding.channels, capacity: 4096)
        var rendered: [RenderedPart] = []
        var finishedSeconds = 0.0
        let count = request.parts.count
        if let report = meter.enter(.encoding) { progress(report) }

        for (index, part) in request.parts.enumerated() {
            if index > 0 {
                var remaining = timeline.gapSamples(milliseconds: request.gapMilliseconds)
                while remaining > 0 {
                    let samples = min(remaining, silence.capacity)
                    try output.write(try pipeline.process(silence.chunk(count: samples)))
                    remaining -= samples
                }
            }
            var decoder: PartDecoder
            do {
                let input: PartInput
                if let opened = pending.take() {
                    input = opened
                } else {
                    input = try PartInput(descriptor: part.descriptor, name: part.name, limits: limits)
                }
                decoder = try PartDecoder(
                    input, outputRate: encoding.sampleRate, outputChannels: encoding.channels, gainDB: part.gainDB)
            } catch {
                throw error.naming(part: part.name, index: index, of: count)
            }
            let start = pipeline.samples
            while true {
                let chunk: PCMChunk?
                do {
                    chunk = try decoder.next()
                } catch {
                    throw error.naming(part: part.name, index: index, of: count)
                }
                guard let chunk else { break }
                try output.write(try pipeline.process(chunk))
                if let report = meter.advance(to: finishedSeconds + decoder.positionSeconds) { progress(report) }
            }
            timeline.record(start: start, end: pipeline.samples)
            rendered.append(
                decoder.rendered(startSeconds: timeline.seconds(start), endSeconds: timeline.seconds(pipeline.samples)))
            finishedSeconds += decoder.decodedSeconds
        }

        if let report = meter.enter(.finalizing) { progress(report) }
        if let tail = try pipeline.drain() { try output.write(tail) }
        let total = pipeline.samples
        let loudness = try pipeline.measurement()
        let chapters = request.writesChapters ? timeline.chapters(titles: request.parts.map(\.title), total: total) : []
        let codecName = output.codecName
        let bytes = try output.finish(chapters: chapters)
        return RenderResult(
            parts: rendered, codecName: codecName, outputSampleRate: encoding.sampleRate,
            outputChannels: encoding.channels, outputSamples: total, outputDurationSeconds: timeline.seconds(total),
            outputBytes: bytes, chapters: chapters, outputLoudness: loudness)
    }
}
