/// The fields of audiograms (`mp4`) and carousels: their options, template and style.
extension JobValidator {
    /// `options` of an mp4 or carousel job. The audio export options do not apply and are refused by name.
    func readVisualOptions(_ fields: inout FieldReader, kind: JobKind) -> JobOptions {
        var result = JobOptions()
        var visual = VisualOptions()
        guard var options = fields.nested("options") else {
            result.visual = visual
            return result
        }
        if kind == .mp4 {
            visual.preset = options.string("preset", maxLength: 32)
            if let preset = visual.preset, !VisualOptions.presets.contains(preset) {
                options.report(
                    .invalidField, "preset", "\"\(preset)\" is not an x264 preset; one of \(VisualOptions.presets.joined(separator: ", "))")
            }
            visual.crf = options.integer("crf", in: 0...51)
            visual.poster = readPoster(&options)
            visual.captions = options.choice("captions", CaptionMode.self)
            visual.bitrate = options.integer("bitrate", in: 32...320)
            result.outputName = readVideoName(&options)
        } else {
            visual.png = options.bool("png")
            visual.maxSlides = options.integer("maxSlides", in: 1...1000)
        }
        result.cache = options.bool("cache") ?? true
        let audioOnly = [
            "format", "quality", "mode", "vbrQuality", "sampleRate", "channels", "normalize", "gapMs", "chapters",
        ]
        for key in audioOnly where options.take(key) != nil {
            options.report(.invalidField, key, "is an audio export option; \(kind.rawValue) jobs do not take it")
        }
        for key in ["preset", "crf", "poster", "captions", "bitrate", "outputName"] where kind == .carousel && options.take(key) != nil {
            options.report(.invalidField, key, "applies to mp4 audiograms, not carousels")
        }
        result.visual = visual
        result.extra = options.remaining
        fields.problems += options.problems
        return result
    }

    private func readPoster(_ options: inout FieldReader) -> PosterChoice? {
        guard let value = options.object["poster"] else { return nil }
        switch value {
        case .bool(let on):
            _ = options.take("poster")
            return on ? .automatic : .off
        case .number:
            guard let seconds = options.number("poster", in: 0...86_400, unit: "seconds") else { return nil }
            return .at(seconds)
        case .null:
            _ = options.take("poster")
            return nil
        default:
            _ = options.take("poster")
            options.report(.invalidField, "poster", "must be true, false or the poster's time in seconds, got \(value.typeName)")
            return nil
        }
    }

    /// An mp4's `outputName`: a plain name, `.mp4` added when it has no extension.
    private func readVideoName(_ options: inout FieldReader) -> String? {
        guard let name = options.string("outputName", maxLength: 128) else { return nil }
        guard Job.isValidID(name), !["job.json", "status.json"].contains(name) else {
            options.report(.invalidField, "outputName", "\"\(name)\" must be a plain file name matching \(Job.idPattern)")
            return nil
        }
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name + ".mp4" }
        guard name[name.index(after: dot)...].lowercased() == "mp4" else {
            options.report(.invalidField, "outputName", "\"\(name)\" must end in .mp4 (or have no extension)")
            return nil
        }
        return name
    }

    /// `templateId` and `style`. Style settings are checked here so a wrong colour or size fails at
    /// intake; the template file is read by the worker, which fails the job if it is missing or wrong.
    func readLook(_ fields: inout FieldReader, kind: JobKind?) {
        if let id = fields.string("templateId", maxLength: 1024, keep: true), !Job.isValidID(id) {
            fields.report(.invalidField, "templateId", "\"\(id)\" does not match \(Job.idPattern) (templates/<templateId>.json)")
        }
        guard let value = fields.take("style", keep: true) else { return }
        guard let object = value.objectValue else {
            fields.report(.invalidField, "style", "must be an object, got \(value.typeName)")
            return
        }
        guard kind == .mp4 || kind == .carousel else { return }
        if case .failure(let rejection) = StyleSettings.read(object, path: "style", strict: false) {
            fields.problems += rejection.problems
        }
    }

    /// A file named the way inputs are, but never a URL (`transcriptFile`).
    func checkLocalPath(_ text: String, field: String, into fields: inout FieldReader) {
        do {
            if case .url = try InputReference.resolve(text, field: field, roots: roots) {
                fields.report(.invalidPath, field, "must be a file under media/ (or an allowed root), not a URL")
            }
        } catch {
            fields.problems.append(error)
        }
    }
}
