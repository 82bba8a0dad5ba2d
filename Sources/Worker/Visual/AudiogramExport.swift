import MediaKit
import SpoolCore
import SystemPackage
import TextKit

/// Runs an audiogram (kind `mp4`): opens or fetches the audio, reads the transcript, template
/// and style, plans the captions with the font's glyph metrics, renders the video in-process
/// (``AudiogramRenderer``) with a poster and a WebVTT sidecar, and reports the outputs.
struct AudiogramExport {
    let job: Job
    let jobFolder: String
    let settings: WorkerSettings
    let channel: ReportChannel

    func run() throws -> WorkerMessage {
        guard let reference = job.input else { throw JobError(.missingField, field: "input", reason: "required for mp4 jobs") }
        let hasURL = InputReference.host(ofURL: reference) != nil
        let stages = StageProgress(hasURL ? [.fetching, .encoding] : [.encoding])
        let resolver = InputResolver(settings: settings, jobFolder: jobFolder)
        defer { resolver.removeFetched() }
        let input = try resolver.resolve([("input", reference)]) { _, bytes, total in
            sendProgress("fetching", stages.overall(.fetching, total.map { Double(bytes) / Double(max($0, 1)) }), nil)
        }[0]
        let look = try Look(job: job, templates: TemplateStore(directory: FilePath(settings.templatesDirectory(jobFolder: jobFolder))))
        let style = look.style
        let transcript = try TranscriptLoader.load(job: job, roots: settings.roots) {
            do {
                return try AudioProbe.declaredDuration(of: input.descriptor, name: input.name)
            } catch let error as MediaError {
                throw error.jobError(inputField: "input")
            }
        }
        let face = try VisualText.face(family: style.font, field: look.fontField(job: job))
        let layout = AudiogramLayout(style: style)
        let fontSize = Double(style.fontSize)
        let planner = CaptionPlanner(
            face: face, pixelSize: fontSize, minPixelSize: max(12, fontSize * 0.5), maxWidth: Double(layout.captions.width),
            maxLines: layout.maxLines(pixelSize: fontSize))
        let planned = planner.plan(transcript?.segments ?? [])
        let options = job.options.visual ?? VisualOptions()
        let mode = options.captions ?? .both
        let outputName = job.options.outputName ?? "\(job.id).mp4"
        let stem = String(outputName.dropLast(4))
        let posterName = "\(stem).png"
        let posterSeconds: Double? =
            switch options.poster ?? .automatic {
            case .off: Double?.none
            case .at(let seconds): seconds
            case .automatic: planned.first.map { ($0.start + $0.end) / 2 } ?? 1
            }

        var request = AudiogramRequest(
            input: input.descriptor, inputName: input.name, outputPath: FilePath(jobFolder + "/" + outputName), width: style.width,
            height: style.height, fps: style.fps)
        request.preset = options.preset ?? VisualOptions.defaultPreset
        request.crf = options.crf ?? VisualOptions.defaultCRF
        request.audioBitrateKbps = options.bitrate ?? VisualOptions.defaultBitrate
        request.backgroundColor = style.backgroundColor.video
        request.backgroundImage = look.backgroundImage.map { FilePath($0.path) }
        request.logo = look.logo.map { FilePath($0.path) }
        request.logoRect = layout.logo
        request.waveformStyle = WaveformStyle(rawValue: style.waveformStyle.rawValue) ?? .bars
        request.waveformColor = style.waveformColor.video
        request.waveformRect = layout.waveform
        request.captions = planned.map { AudiogramCaption(start: $0.start, end: $0.end, text: $0.lines.joined(separator: "\n")) }
        request.captionRect = layout.captions
        request.captionColor = style.textColor.video
        request.captionBoxColor = style.captionBackground.alpha == 0 ? nil : style.captionBackground.video
        request.burnCaptions = mode.burns
        request.softCaptions = mode.soft
        request.posterPath = posterSeconds == nil ? nil : FilePath(jobFolder + "/" + posterName)
        request.posterSeconds = posterSeconds ?? 0
        request.tags = job.tags
        let rasterizer = TextRasterizer(face: face)
        let captionWidth = layout.captions.width
        request.paintCaption = { index in
            let caption = planned[index]
            let mask = try rasterizer.render(lines: caption.lines, pixelSize: caption.pixelSize, maxWidth: captionWidth)
            return VisualText.croppedToInk(mask)
        }

        let result: AudiogramResult
        do {
            result = try AudiogramRenderer.render(request) { progress in
                sendProgress(progress.phase.rawValue, stages.overall(.encoding, progress.fraction), progress)
            }
        } catch {
            throw blame(error, look: look)
        }
        var outputs = [try output(outputName, mimeType: "video/mp4", duration: result.durationSeconds)]
        if result.posterBytes != nil { outputs.append(try output(posterName, mimeType: "image/png", duration: nil)) }
        if !planned.isEmpty {
            let vttName = "\(stem).vtt"
            let heard = request.captions.filter { $0.start < result.durationSeconds }.map { caption in
                AudiogramCaption(start: caption.start, end: min(caption.end, result.durationSeconds), text: caption.text)
            }
            try WebVTTWriter.write(heard, to: jobFolder + "/" + vttName)
            outputs.append(try output(vttName, mimeType: "text/vtt", duration: nil))
        }
        let video = VideoInfo(
            size: style.size.rawValue, width: result.width, height: result.height, fps: result.fps, videoCodec: result.videoCodec,
            audioCodec: result.audioCodec, preset: request.preset, crf: request.crf, audioBitrateKbps: request.audioBitrateKbps,
            sampleRate: result.sampleRate, channels: result.channels, frames: result.videoFrames,
            durationSeconds: JobRunner.microseconds(result.durationSeconds),
            videoDurationSeconds: JobRunner.microseconds(result.videoDurationSeconds), waveformStyle: style.waveformStyle.rawValue,
            captions: mode.rawValue, burnedCaptions: result.burnedCaptions, softCaptions: result.softCaptions, templateId: look.templateId,
            font: face.file.family, poster: result.posterBytes == nil ? nil : posterName,
            posterSeconds: result.posterSeconds.map(JobRunner.microseconds))
        let inputInfo = InputInfo(
            format: result.inputFormat, codec: result.inputCodec, sampleRate: result.sampleRate, channels: result.channels,
            durationSeconds: JobRunner.microseconds(result.durationSeconds))
        let report = ExportReport(fetched: input.fetched.map { [$0] }, video: video, transcript: transcript?.info)
        return .completed(outputs: outputs, input: inputInfo, report: report)
    }

    private func output(_ name: String, mimeType: String, duration: Double?) throws(JobError) -> OutputFile {
        try VisualText.outputFile(name, in: jobFolder, mimeType: mimeType, duration: duration)
    }

    /// A render error, blaming the background image or logo when the message names one.
    private func blame(_ error: MediaError, look: Look) -> JobError {
        if error.message.contains("background image '"), let image = look.backgroundImage {
            return JobError(.invalidField, field: image.field, reason: error.message.replacingPath(image.path, with: image.name))
        }
        if error.message.contains("logo '"), let logo = look.logo {
            return JobError(.invalidField, field: logo.field, reason: error.message.replacingPath(logo.path, with: logo.name))
        }
        return error.jobError(inputField: "input")
    }

    private func sendProgress(_ phase: String, _ fraction: Double?, _ progress: TranscodeProgress?) {
        channel.send(
            .progress(
                phase: phase, progress: fraction, decodedSeconds: progress?.decodedSeconds ?? 0, durationSeconds: progress?.durationSeconds)
        )
    }
}

extension StyleColor {
    var video: VideoColor { VideoColor(red: red, green: green, blue: blue, alpha: alpha) }
}

extension String {
    /// This text with `path` (a `/proc/self/fd` name) shown as the file's own name.
    func replacingPath(_ path: String, with name: String) -> String {
        split(separator: path, omittingEmptySubsequences: false).joined(separator: "templates/" + name)
    }
}
