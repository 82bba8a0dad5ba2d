import MediaKit
import SpoolCore
import SystemPackage

/// Runs an audio export (kinds `mp3` and `concat`/`page`): opens or fetches the inputs, reuses a
/// cached result when one matches, else measures loudness when asked, then joins MP3 frames
/// (copy) or decodes, levels and encodes once (re-encode), and reports outputs and figures.
struct AudioExport {
    let job: Job
    let jobFolder: String
    let settings: WorkerSettings
    let channel: ReportChannel

    /// A normalisation gain never exceeds this, so near-silence is not blown up into noise.
    static let maxGainDB = 30.0

    /// Throws ``JobError``, or ``FetchFailure`` for a URL input that could not be fetched.
    func run() throws -> WorkerMessage {
        let references = try inputReferences()
        let hasURL = references.contains { InputReference.host(ofURL: $0.text) != nil }
        var stageList: [StageProgress.Stage] = [.encoding]
        if hasURL { stageList.append(.fetching) }
        if job.options.normalize != nil { stageList.append(.measuring) }
        let stages = StageProgress(stageList)
        let resolver = InputResolver(settings: settings, jobFolder: jobFolder)
        defer { resolver.removeFetched() }
        let count = Double(references.count)
        let inputs: [ResolvedInput] = try resolver.resolve(references) { index, bytes, total in
            let within = total.map { Double(bytes) / Double(max($0, 1)) } ?? 0
            sendProgress("fetching", stages.overall(.fetching, (Double(index) + within) / count))
        }
        let outputName = job.options.outputName ?? "\(job.id).\(job.options.format.fileExtension)"
        let fetched = inputs.compactMap { $0.fetched }

        var cacheKey: String?
        if job.options.cache, let root = settings.spoolRoot {
            let key = try CacheKey.compute(job: job, inputs: inputs)
            cacheKey = key
            let reuse = CacheReuse(layout: SpoolLayout(root: root))
            if let hit = reuse.find(key: key, excluding: job.id) {
                _ = try reuse.place(hit, into: jobFolder, as: outputName)
                var output = hit.output
                output.name = outputName
                let report = ExportReport(
                    export: hit.source.export, loudness: hit.source.loudness,
                    cache: CacheInfo(key: key, hit: true, sourceJobId: hit.sourceJobID), fetched: fetched.isEmpty ? nil : fetched)
                return .completed(outputs: [output], input: hit.source.input, report: report)
            }
        }

        let plan: JoinPlan = job.kind == .concat ? try JoinPlan.decide(for: job, inputs: inputs) : .reencode(reason: "")
        let outputPath = FilePath(jobFolder + "/" + outputName)
        var made: Made
        switch plan {
        case .copy(let infos):
            made = try copy(inputs, infos: infos, to: outputPath, stages: stages)
        case .reencode(let reason):
            made = try reencode(inputs, to: outputPath, stages: stages)
            if job.kind == .concat { made.export.modeReason = reason }
        }
        let digest: String
        do {
            digest = try SHA256Hasher.hexDigest(ofFileAt: outputPath)
        } catch {
            throw JobError(.ioError, field: nil, reason: error.message)
        }
        let output = OutputFile(
            name: outputName, size: made.bytes, sha256: digest, mimeType: mimeType(job.options.format),
            durationSeconds: JobRunner.microseconds(made.export.durationSeconds))
        let report = ExportReport(
            export: made.export, loudness: made.loudness, cache: cacheKey.map { CacheInfo(key: $0, hit: false) },
            fetched: fetched.isEmpty ? nil : fetched)
        return .completed(outputs: [output], input: made.input, report: report)
    }

    /// What either path made.
    struct Made {
        var bytes: Int64
        var export: ExportInfo
        var input: InputInfo
        var loudness: LoudnessReport?
    }

    // MARK: Copy

    private func copy(_ inputs: [ResolvedInput], infos: [MP3StreamInfo], to path: FilePath, stages: StageProgress) throws(JobError) -> Made
    {
        let parts = inputs.enumerated().map { index, input in
            MP3FrameJoiner.Part(
                descriptor: input.descriptor, name: input.name, title: chapterTitle(index, input: input, tagTitle: infos[index].title))
        }
        let result: MP3JoinResult
        do {
            result = try MP3FrameJoiner.join(
                parts: parts, infos: infos, gapMilliseconds: job.options.gapMs, tags: job.tags, chapters: job.options.chapters,
                to: path
            ) { progress in
                sendProgress(progress.phase.rawValue, stages.overall(.encoding, progress.fraction), progress)
            }
        } catch {
            throw error.jobError(inputField: "inputs")
        }
        let first = infos[0]
        let export = ExportInfo(
            format: "mp3", mode: "copy", codec: "mp3 (frames copied)", sampleRate: result.sampleRate, channels: result.channels,
            bitrateKbps: infos.allSatisfy({ $0.bitrateKbps == first.bitrateKbps }) ? first.bitrateKbps : nil,
            durationSeconds: JobRunner.microseconds(result.durationSeconds), gapMs: job.options.gapMs,
            chapters: job.options.chapters ? result.chapters.map(Self.chapterInfo) : nil,
            parts: zip(inputs, infos).map { input, info in
                PartInfo(
                    input: input.reference, format: "mp3", codec: "mp3", sampleRate: info.sampleRate, channels: info.channels,
                    durationSeconds: JobRunner.microseconds(info.durationSeconds))
            })
        let input = InputInfo(
            format: "mp3", codec: "mp3", sampleRate: first.sampleRate, channels: first.channels,
            durationSeconds: JobRunner.microseconds(infos.reduce(0) { $0 + $1.durationSeconds }))
        return Made(bytes: result.outputBytes, export: export, input: input)
    }

    // MARK: Re-encode

    private func reencode(_ inputs: [ResolvedInput], to path: FilePath, stages: StageProgress) throws(JobError) -> Made {
        var measured: [LoudnessMeasurement?] = Array(repeating: nil, count: inputs.count)
        var gains = Array(repeating: 0.0, count: inputs.count)
        let target = job.options.normalize
        if let target {
            for (index, input) in inputs.enumerated() {
                do {
                    measured[index] = try LoudnessScanner.measure(input.descriptor, name: input.name) { progress in
                        let fraction = (Double(index) + (progress.fraction ?? 0)) / Double(inputs.count)
                        sendProgress("measuring", stages.overall(.measuring, fraction), progress)
                    }
                } catch {
                    throw error.jobError(inputField: input.field)
                }
                try input.rewind()
                if let loudness = measured[index]?.integratedLUFS {
                    gains[index] = min(max(target.integratedLUFS - loudness, -Self.maxGainDB), Self.maxGainDB)
                }
            }
        }
        let encoding = EncodingChoice.encoding(for: job.options)
        let parts = inputs.enumerated().map { index, input in
            RenderPart(
                descriptor: input.descriptor, name: input.name, title: chapterTitle(index, input: input, tagTitle: titleTag(of: input)),
                gainDB: gains[index])
        }
        let request = RenderRequest(
            parts: parts, gapMilliseconds: job.kind == .concat ? job.options.gapMs : 0, encoding: encoding, tags: job.tags,
            chapters: job.kind == .concat && job.options.chapters, truePeakCeilingDBTP: target?.truePeakDBTP,
            loudnessTargetLUFS: target?.integratedLUFS, measureOutputLoudness: target != nil, outputPath: path)
        let result: RenderResult
        do {
            result = try AudioRenderer.render(request) { progress in
                sendProgress(progress.phase.rawValue, stages.overall(.encoding, progress.fraction), progress)
            }
        } catch {
            throw error.jobError(inputField: Self.field(blamedBy: error, inputs: inputs))
        }
        let export = ExportInfo(
            format: job.options.format.rawValue, mode: job.kind == .concat ? "reencode" : "transcode", codec: result.codecName,
            sampleRate: result.outputSampleRate, channels: result.outputChannels, bitrateKbps: encoding.bitrateKbps,
            vbrQuality: encoding.vbrQuality, quality: job.options.quality?.rawValue,
            durationSeconds: JobRunner.microseconds(result.outputDurationSeconds),
            gapMs: job.kind == .concat ? job.options.gapMs : nil,
            chapters: request.chapters ? result.chapters.map(Self.chapterInfo) : nil,
            parts: job.kind == .concat
                ? zip(inputs, result.parts).enumerated().map { index, pair in
                    PartInfo(
                        input: pair.0.reference, format: pair.1.format, codec: pair.1.codec, sampleRate: pair.1.sampleRate,
                        channels: pair.1.channels, durationSeconds: JobRunner.microseconds(pair.1.decodedSeconds),
                        loudness: measured[index].map(Self.values), gainDb: target != nil ? Self.rounded(gains[index]) : nil)
                } : nil)
        let first = result.parts[0]
        let input = InputInfo(
            format: first.format, codec: first.codec, sampleRate: first.sampleRate, channels: first.channels,
            durationSeconds: JobRunner.microseconds(result.parts.reduce(0) { $0 + $1.decodedSeconds }))
        var loudness: LoudnessReport?
        if let target {
            loudness = LoudnessReport(
                target: target, input: job.kind == .concat ? nil : measured[0].map(Self.values),
                output: result.outputLoudness.map(Self.values), gainDb: job.kind == .concat ? nil : Self.rounded(gains[0]))
        }
        return Made(bytes: result.outputBytes, export: export, input: input, loudness: loudness)
    }

    // MARK: Helpers

    private func inputReferences() throws(JobError) -> [(field: String, text: String)] {
        if job.kind == .concat { return job.inputs.enumerated().map { ("inputs[\($0.offset)]", $0.element) } }
        guard let input = job.input else { throw JobError(.missingField, field: "input", reason: "required for \(job.kind.rawValue) jobs") }
        return [("input", input)]
    }

    /// The job's `chapters` title, else the part's title tag, else its file name without extension.
    private func chapterTitle(_ index: Int, input: ResolvedInput, tagTitle: String?) -> String {
        if let titles = job.chapterTitles, index < titles.count, !titles[index].isEmpty { return titles[index] }
        if let tagTitle, !tagTitle.isEmpty { return tagTitle }
        return input.stem
    }

    /// An MP3 part's own title (its ID3v2 `TIT2`), for a chapter the job did not name; read from
    /// the frame headers only (with `pread`: the descriptor's offset stays), when chapters are wanted.
    private func titleTag(of input: ResolvedInput) -> String? {
        guard job.kind == .concat, job.options.chapters, job.chapterTitles == nil else { return nil }
        return (try? MP3Scanner.scan(input.descriptor, name: input.name))?.title
    }

    private func sendProgress(_ phase: String, _ fraction: Double?, _ progress: TranscodeProgress? = nil) {
        channel.send(
            .progress(
                phase: phase, progress: fraction, decodedSeconds: progress?.decodedSeconds ?? 0, durationSeconds: progress?.durationSeconds)
        )
    }

    private func mimeType(_ format: ExportFormat) -> String {
        AudioFormat(rawValue: format.rawValue)?.mimeType ?? "application/octet-stream"
    }

    /// The input a render error names: the renderer starts its message with `part N` (of
    /// several) or quotes the part's name.
    static func field(blamedBy error: MediaError, inputs: [ResolvedInput]) -> String {
        if inputs.count == 1 { return inputs[0].field }
        if error.message.hasPrefix("part "), let number = Int(error.message.dropFirst(5).prefix { $0.isNumber }),
            (1...inputs.count).contains(number)
        {
            return inputs[number - 1].field
        }
        return inputs.first { error.message.contains("'\($0.name)'") }?.field ?? "inputs"
    }

    static func chapterInfo(_ chapter: AudioChapter) -> ChapterInfo {
        ChapterInfo(
            title: chapter.title, startSeconds: JobRunner.microseconds(chapter.startSeconds),
            endSeconds: JobRunner.microseconds(chapter.endSeconds))
    }

    static func values(_ measurement: LoudnessMeasurement) -> LoudnessValues {
        LoudnessValues(
            integratedLufs: measurement.integratedLUFS.map(rounded), truePeakDbtp: measurement.truePeakDBTP.map(rounded),
            loudnessRangeLu: measurement.loudnessRangeLU.map(rounded))
    }

    /// A level to a hundredth of a dB: what meters show.
    static func rounded(_ value: Double) -> Double {
        (value * 100).rounded() / 100
    }
}
