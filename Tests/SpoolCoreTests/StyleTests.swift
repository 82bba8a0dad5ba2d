import Foundation
import SystemPackage
import Testing

@testable import SpoolCore

/// Templates and styles: colours, presets, the order defaults ← template ← style, strict
/// templates and lenient job styles, and the audiogram and carousel options.
@Suite("Templates, styles and visual options")
struct StyleTests {
    let validator = JobValidator(roots: InputRoots(media: "/spool/media"))

    func problems(_ text: String) -> [String] {
        guard case .failure(let rejection) = validator.validate(bytes: Array(text.utf8), defaultID: "job") else { return [] }
        return rejection.problems.map { "\($0.field ?? "-"):\($0.code)" }
    }

    @Test func colours() {
        #expect(StyleColor(hex: "#fff") == StyleColor(red: 255, green: 255, blue: 255))
        #expect(StyleColor(hex: "#10203040") == StyleColor(red: 16, green: 32, blue: 48, alpha: 64))
        #expect(StyleColor(hex: "#12345") == nil && StyleColor(hex: "red") == nil && StyleColor(hex: "#gggggg") == nil)
        #expect(StyleColor(red: 1, green: 2, blue: 3).description == "#010203")
    }

    @Test func defaultsTemplateThenStyle() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try ##"{"size": "portrait", "backgroundColor": "#000000", "fontSize": 70, "logo": "brand/logo.png"}"##.write(
            to: folder.appendingPathComponent("brand.json"), atomically: true, encoding: .utf8)
        try ##"{"size": "portrait", "colour": "#fff"}"##.write(
            to: folder.appendingPathComponent("typo.json"), atomically: true, encoding: .utf8)
        try "{".write(to: folder.appendingPathComponent("broken.json"), atomically: true, encoding: .utf8)
        let store = TemplateStore(directory: FilePath(folder.path))

        let template = try store.load(id: "brand")
        let style = try StyleSettings.read(["fontSize": .number(50), "textColor": .string("#ff0000")], path: "style", strict: false).get()
        let resolved = ResolvedStyle(template.overridden(by: style), kind: .mp4)
        #expect(resolved.width == 1080 && resolved.height == 1920 && resolved.fps == 30)
        #expect(resolved.fontSize == 50 && resolved.textColor == StyleColor(red: 255, green: 0, blue: 0))
        #expect(resolved.backgroundColor == StyleColor(red: 0, green: 0, blue: 0) && resolved.logo == "brand/logo.png")
        // Built-in defaults: landscape audiograms, square carousels.
        #expect(ResolvedStyle(StyleSettings(), kind: .mp4).size == .landscape)
        #expect(ResolvedStyle(StyleSettings(), kind: .carousel).size == .square)

        #expect(throws: JobError.self) { try store.load(id: "missing") }
        for (id, words) in [("missing", "does not exist"), ("typo", "colour"), ("broken", "not valid JSON"), ("../x", "does not match")] {
            do {
                _ = try store.load(id: id)
                Issue.record("template \(id) loaded")
            } catch {
                #expect(error.field == "templateId")
                #expect(error.reason.contains(words), "\(id): \(error.reason)")
            }
        }
    }

    @Test func styleFieldsAreCheckedAtIntake() {
        #expect(problems(##"{"kind": "mp4", "input": "a.wav", "style": {"size": "huge"}}"##) == ["style.size:invalid-field"])
        #expect(problems(##"{"kind": "mp4", "input": "a.wav", "style": {"fps": 24}}"##) == ["style.fps:invalid-field"])
        #expect(problems(##"{"kind": "mp4", "input": "a.wav", "style": {"textColor": "white"}}"##) == ["style.textColor:invalid-field"])
        #expect(problems(##"{"kind": "mp4", "input": "a.wav", "style": {"logo": "../../etc/passwd.png"}}"##) == ["style.logo:invalid-path"])
        #expect(
            problems(##"{"kind": "carousel", "transcript": "x", "style": {"backgroundImage": "bg.gif"}}"##) == [
                "style.backgroundImage:invalid-field"
            ])
        #expect(problems(##"{"kind": "mp4", "input": "a.wav", "templateId": "a/b"}"##) == ["templateId:invalid-field"])
        // A job's style may carry other tools' keys; they are kept, not refused.
        #expect(problems(##"{"kind": "mp4", "input": "a.wav", "style": {"color": "white", "fps": 25}}"##).isEmpty)
    }

    @Test func audiogramAndCarouselOptions() throws {
        let job = try validator.validate(
            bytes: Array(
                ##"{"kind": "mp4", "input": "a.wav", "options": {"preset": "fast", "crf": 20, "poster": 12.5, "captions": "soft", "outputName": "clip"}}"##
                    .utf8),
            defaultID: "j"
        ).get()
        let visual = try #require(job.options.visual)
        #expect(visual.preset == "fast" && visual.crf == 20 && visual.poster == .at(12.5) && visual.captions == .soft)
        #expect(job.options.outputName == "clip.mp4")
        // job.json keeps what was asked, and reads back the same.
        #expect(try validator.validate(job.json, defaultID: nil).get() == job)
        #expect(problems(##"{"kind": "mp4", "input": "a.wav", "options": {"preset": "warp"}}"##) == ["options.preset:invalid-field"])
        #expect(problems(##"{"kind": "mp4", "input": "a.wav", "options": {"crf": 60}}"##) == ["options.crf:invalid-field"])
        #expect(problems(##"{"kind": "mp4", "input": "a.wav", "options": {"poster": "yes"}}"##) == ["options.poster:invalid-field"])
        #expect(problems(##"{"kind": "mp4", "input": "a.wav", "options": {"format": "m4a"}}"##) == ["options.format:invalid-field"])
        #expect(
            problems(##"{"kind": "mp4", "input": "a.wav", "options": {"outputName": "clip.mov"}}"##) == ["options.outputName:invalid-field"]
        )
        #expect(problems(##"{"kind": "carousel", "transcript": "x", "options": {"crf": 20}}"##) == ["options.crf:invalid-field"])
        #expect(
            problems(##"{"kind": "carousel", "transcript": "x", "options": {"maxSlides": 5000}}"##) == ["options.maxSlides:invalid-field"])
        #expect(problems(##"{"kind": "mp4"}"##) == ["input:missing-field"])
        #expect(problems(##"{"kind": "carousel", "transcript": "  "}"##) == ["transcript:invalid-field"])
    }
}
