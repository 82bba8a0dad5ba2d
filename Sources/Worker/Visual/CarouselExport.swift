import Foundation
import MediaKit
import SpoolCore
import SystemPackage
import TextKit

/// Runs a carousel: reads the transcript, template and style, splits the text into slides by the
/// font's glyph metrics (``CarouselPaginator``), writes each slide as SVG and, unless
/// `options.png` is false, as PNG through librsvg, then `carousel.json` listing them.
struct CarouselExport {
    let job: Job
    let jobFolder: String
    let settings: WorkerSettings
    let channel: ReportChannel

    static let indexName = "carousel.json"

    func run() throws -> WorkerMessage {
        let look = try Look(job: job, templates: TemplateStore(directory: FilePath(settings.templatesDirectory(jobFolder: jobFolder))))
        let style = look.style
        let options = job.options.visual ?? VisualOptions()
        // Slides need the words, not their times: the audio is never opened.
        let transcript = try TranscriptLoader.load(job: job, roots: settings.roots, duration: nil)
        guard let transcript, !transcript.segments.isEmpty else {
            throw JobError(.invalidField, field: "transcript", reason: "holds no text to put on slides")
        }
        let face = try VisualText.face(family: style.font, field: look.fontField(job: job))
        let padding = Double(min(style.width, style.height)) * 0.074
        let slideStyle = SlideStyle(
            width: style.width, height: style.height, backgroundColor: style.backgroundColor.slide,
            backgroundImagePath: look.backgroundImage?.path, textColor: style.textColor.slide, accentColor: style.accentColor.slide,
            font: face.file, fontSize: Double(style.fontSize), minFontSize: max(12, Double(style.fontSize) * 0.5),
            logoPath: look.logo?.path, padding: padding, showSlideNumbers: true)
        do {
            try slideStyle.validate()
        } catch {
            throw JobError(.invalidSettings, field: "style", reason: "\(error)")
        }
        let slides = CarouselPaginator(face: face, style: slideStyle).paginate(transcript.segments.map { $0.text })
        let limit = options.maxSlides ?? VisualOptions.defaultMaxSlides
        guard slides.count <= limit else {
            throw JobError(
                .invalidField, field: "options.maxSlides",
                reason: "the transcript needs \(slides.count) slides at \(style.fontSize) px on \(style.size.rawValue) slides; "
                    + "at most \(limit) allowed (raise options.maxSlides up to 1000, or shorten the transcript)")
        }
        let png = options.png ?? true
        let digits = max(2, String(slides.count).count)
        var entries: [JSONValue] = []
        var outputs: [OutputFile] = []
        for slide in slides {
            let number = String(repeating: "0", count: digits - String(slide.index).count) + String(slide.index)
            let svgName = "slide-\(number).svg"
            let pngName = "slide-\(number).png"
            let svg: String
            do {
                svg = try SVGSlideWriter.svg(for: slide, style: slideStyle)
                try FileOps.writeAtomically(jobFolder + "/" + svgName, Array(svg.utf8), sync: false)
                if png { try SVGRasterizer.writePNG(svg: svg, width: style.width, height: style.height, to: jobFolder + "/" + pngName) }
            } catch let error as JobError {
                throw error
            } catch {
                throw blame(error, look: look)
            }
            outputs.append(try VisualText.outputFile(svgName, in: jobFolder, mimeType: "image/svg+xml", duration: nil))
            if png { outputs.append(try VisualText.outputFile(pngName, in: jobFolder, mimeType: "image/png", duration: nil)) }
            var entry: [String: JSONValue] = [
                "index": .number(Double(slide.index)), "svg": .string(svgName), "text": .string(slide.text),
                "lines": .array(slide.lines.map(JSONValue.string)), "fontSize": .number(slide.fontSize),
            ]
            if png { entry["png"] = .string(pngName) }
            entries.append(.object(entry))
            channel.send(
                .progress(phase: "rendering", progress: Double(slide.index) / Double(slides.count), decodedSeconds: 0, durationSeconds: nil)
            )
        }
        let index: JSONValue = .object([
            "jobId": .string(job.id), "width": .number(Double(style.width)), "height": .number(Double(style.height)),
            "size": .string(style.size.rawValue), "font": .string(face.file.family), "slides": .array(entries),
            "transcriptId": transcript.info.transcriptId.map(JSONValue.string) ?? .null,
        ])
        do {
            try FileOps.syncFileSystem(jobFolder)  // the SVGs, written unsynced, durable at once
            try FileOps.writeAtomically(jobFolder + "/" + Self.indexName, index.serialized())
        } catch {
            throw JobError(.ioError, field: nil, reason: "cannot write \(Self.indexName): \(error)")
        }
        outputs.insert(try VisualText.outputFile(Self.indexName, in: jobFolder, mimeType: "application/json", duration: nil), at: 0)
        let info = CarouselInfo(
            slides: slides.count, size: style.size.rawValue, width: style.width, height: style.height, font: face.file.family,
            fontFile: face.file.path, png: png, templateId: look.templateId, index: Self.indexName)
        let report = ExportReport(carousel: info, transcript: transcript.info)
        return .completed(outputs: outputs, input: nil, report: report)
    }

    /// A TextKit error, blaming the background image or logo it names, else the style.
    private func blame(_ error: any Error, look: Look) -> JobError {
        let message = "\(error)"
        for image in [look.backgroundImage, look.logo].compactMap({ $0 }) where message.contains(image.path) {
            return JobError(.invalidField, field: image.field, reason: message.replacingPath(image.path, with: image.name))
        }
        if let kitError = error as? TextKitError, kitError.code == .writeFailed {
            return JobError(.ioError, field: nil, reason: message)
        }
        return JobError(.invalidSettings, field: "style", reason: message)
    }
}

extension StyleColor {
    var slide: SlideColor { SlideColor(red: red, green: green, blue: blue, alpha: alpha) }
}
