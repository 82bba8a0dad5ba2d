import Foundation
import SpoolCore
import Testing

/// Audiograms and carousels through the real daemon: a template and a WebVTT transcript make an
/// mp4 whose frames OCR back to the captions, a hostile transcript makes well-formed SVG and
/// PNG slides, and bad transcripts, templates and fonts fail with the field to blame.
@Suite("Audiograms and carousels, end to end")
struct VisualExportTests {
    static let first = "Welcome to the audiogram test"
    static let second = "Second caption about carousels"

    /// OCR of a picture file, lowercased, with runs of whitespace made single spaces.
    static func ocr(_ path: String) async throws -> String {
        let result = try await SpoolFixture.runOffPool("tesseract", [path, "stdout"])
        try #require(result.status == 0, "tesseract: \(result.stderr)")
        return result.stdout.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Width and height from a PNG's IHDR.
    static func pngSize(_ path: String) throws -> (Int, Int) {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)).prefix(24))
        try #require(bytes.count == 24 && bytes[1...3] == [0x50, 0x4E, 0x47], "\(path) is not a PNG")
        func word(_ offset: Int) -> Int { bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (word(16), word(20))
    }

    /// The dashboard's DOM in headless Chromium after its script ran, and a screenshot kept in `test-artefacts/`.
    static func dashboard(_ fixture: SpoolFixture, screenshot name: String) async throws -> String {
        let base = try await fixture.httpBase()
        let chromium = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,1400"]
        let dom = try await SpoolFixture.runOffPool("timeout", ["60", "chromium"] + chromium + ["--dump-dom", base + "/"])
        let screenshot = SpoolFixture.artefactDirectory + "/" + name
        _ = try await SpoolFixture.runOffPool("timeout", ["60", "chromium"] + chromium + ["--screenshot=\(screenshot)", base + "/"])
        return dom.stdout
    }

    @Test func audiogramFromTemplateAndWebVTT() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeSpeechWAV(
            fixture.layout.media + "/talk.wav", text: "Welcome to the audiogram test. This is the second caption about carousels.")
        try fixture.write(
            "WEBVTT\n\n00:00.000 --> 00:02.500\n\(Self.first)\n\n00:02.500 --> 00:30.000\n<v Host>\(Self.second)</v>\n",
            to: fixture.layout.media + "/talk.vtt")
        let logo = try await SpoolFixture.runOffPool(
            "ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "color=red:s=64x64", "-frames:v", "1", fixture.layout.templates + "/logo.png"])
        try #require(logo.status == 0, "\(logo.stderr)")
        try fixture.write(
            ##"{"size": "square", "fps": 25, "backgroundColor": "#202020", "textColor": "#ffffff", "logo": "logo.png", "logoPosition": "top-right"}"##,
            to: fixture.layout.templates + "/brand.json")
        try fixture.startDaemon()
        // Sent the way a client would: rsync into the inbox.
        let job = fixture.directory + "/clip.json"
        try fixture.write(
            #"{"kind": "mp4", "input": "talk.wav", "transcriptFile": "talk.vtt", "transcriptId": "tt_1", "templateId": "brand", "style": {"fontSize": 64}, "options": {"preset": "ultrafast"}}"#,
            to: job)
        let rsync = try await SpoolFixture.runOffPool("rsync", [job, fixture.layout.inbox + "/"])
        try #require(rsync.status == 0, "\(rsync.stderr)")

        let status = try await fixture.waitForFinal("clip")
        try #require(status.status == .completed, "\(status.error ?? "")")
        #expect(status.outputs.map(\.name) == ["clip.mp4", "clip.png", "clip.vtt"])
        #expect(status.outputs.map(\.mimeType) == ["video/mp4", "image/png", "text/vtt"])
        let video = try #require(status.video)
        #expect(video.width == 1080 && video.height == 1080 && video.fps == 25 && video.templateId == "brand")
        #expect(video.burnedCaptions == 2 && video.softCaptions == 2 && video.poster == "clip.png")
        #expect(status.transcript == TranscriptInfo(source: "vtt", segments: 2, transcriptId: "tt_1", file: "talk.vtt"))
        #expect(Double(video.frames) == (video.durationSeconds * 25).rounded(.up))

        let folder = try #require(fixture.folder(of: "clip"))
        let probe = try await SpoolFixture.runOffPool(
            "ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,width,height,duration", "-of", "csv=p=0", folder + "/clip.mp4"])
        let streams = probe.stdout.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(streams.map(\.first) == ["h264", "aac", "mov_text"], "\(probe.stdout)")
        let videoSeconds = try #require(Double(streams[0].last ?? ""))
        let audioSeconds = try #require(Double(streams[1].last ?? ""))
        #expect(abs(videoSeconds - audioSeconds) <= 0.04 + 0.001, "video \(videoSeconds) s, audio \(audioSeconds) s")

        // Frames at each caption's time read back, through OCR, as that caption.
        for (seconds, words) in [(1.2, "audiogram test"), (3.5, "about carousels")] {
            let frame = fixture.directory + "/frame-\(seconds).png"
            let grab = try await SpoolFixture.runOffPool(
                "ffmpeg", ["-v", "error", "-ss", "\(seconds)", "-i", folder + "/clip.mp4", "-frames:v", "1", frame])
            try #require(grab.status == 0, "\(grab.stderr)")
            let text = try await Self.ocr(frame)
            #expect(text.contains(words), "OCR at \(seconds) s read: \(text)")
        }
        // The template's logo sits in the top-right corner (height/8 = 135 px, 54 px in).
        let pixelFile = fixture.directory + "/logo-pixel.rgb"
        let pixel = try await SpoolFixture.runOffPool(
            "ffmpeg",
            ["-v", "error", "-i", folder + "/clip.png", "-vf", "crop=1:1:958:121", "-f", "rawvideo", "-pix_fmt", "rgb24", pixelFile])
        try #require(pixel.status == 0, "\(pixel.stderr)")
        let rgb = [UInt8](try Data(contentsOf: URL(fileURLWithPath: pixelFile)))
        #expect(rgb.count == 3 && rgb[0] > 180 && rgb[1] < 90 && rgb[2] < 90, "logo pixel \(rgb)")
        #expect(try Self.pngSize(folder + "/clip.png") == (1080, 1080))
        let vtt = try String(contentsOfFile: folder + "/clip.vtt", encoding: .utf8)
        #expect(vtt.hasPrefix("WEBVTT") && vtt.contains("00:00:02.500 -->") && vtt.contains("carousels"), "\(vtt)")
        // The dashboard plays the video and shows the poster as a thumbnail.
        let dom = try await Self.dashboard(fixture, screenshot: "dashboard-audiogram.png")
        #expect(dom.contains("<video") && dom.contains("/files/clip/clip.mp4"), "\(dom.suffix(3000))")
        #expect(dom.contains("<img loading=\"lazy\" src=\"/files/clip/clip.png\""), "\(dom.suffix(3000))")
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func hostileTranscriptMakesSafeSlides() async throws {
        let fixture = try SpoolFixture()
        try fixture.startDaemon()
        let hostile = "<script>alert(\"x\")</script> & 'quotes' \"double\" 😀 ]]> <!-- \u{7} bell"
        let sentence = "Carousel slides carry the transcript word by word without losing any."
        var segments: [[String: Any]] = [["start": 0, "end": 1, "text": hostile]]
        for index in 1...40 { segments.append(["start": index, "end": index + 1, "text": sentence]) }
        let job: [String: Any] = [
            "kind": "carousel", "transcript": ["segments": segments],
            "style": ["size": "portrait", "backgroundColor": "#ffffff", "textColor": "#111111"], "options": ["maxSlides": 50],
        ]
        try fixture.drop("deck.json", String(decoding: try JSONSerialization.data(withJSONObject: job), as: UTF8.self))
        let status = try await fixture.waitForFinal("deck")
        try #require(status.status == .completed, "\(status.error ?? "")")
        let carousel = try #require(status.carousel)
        #expect(carousel.slides >= 2 && carousel.width == 1080 && carousel.height == 1920 && carousel.png)
        #expect(status.outputs.count == 1 + 2 * carousel.slides && status.outputs.first?.name == "carousel.json")
        let folder = try #require(fixture.folder(of: "deck"))
        let index =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/carousel.json"))) as? [String: Any]
        let slides = try #require(index?["slides"] as? [[String: Any]])
        #expect(slides.count == carousel.slides)
        var words: [String] = []
        for slide in slides {
            let svg = folder + "/" + (slide["svg"] as? String ?? "")
            let lint = try await SpoolFixture.runOffPool("xmllint", ["--noout", svg])
            #expect(lint.status == 0, "\(svg): \(lint.stderr)")
            let text = try String(contentsOfFile: svg, encoding: .utf8)
            #expect(!text.contains("<script") && !text.contains("<!--"), "markup leaked into \(svg)")
            #expect(try Self.pngSize(folder + "/" + (slide["png"] as? String ?? "")) == (1080, 1920))
            words += (slide["text"] as? String ?? "").split(separator: " ").map(String.init)
        }
        // Every word once, in order; the bell (which XML forbids) is dropped.
        let expected =
            (hostile.replacingOccurrences(of: "\u{7}", with: "") + " " + Array(repeating: sentence, count: 40).joined(separator: " "))
            .split(separator: " ").map(String.init)
        #expect(words == expected)
        let slideText = try await Self.ocr(folder + "/slide-02.png")
        #expect(slideText.contains("carousel slides"), "OCR of slide 2 read: \(slideText)")
        // The dashboard shows the slides as a gallery.
        let dom = try await Self.dashboard(fixture, screenshot: "dashboard-carousel.png")
        #expect(dom.contains("class=\"gallery\""), "\(dom.suffix(3000))")
        for index in 1...carousel.slides {
            #expect(dom.contains(String(format: "src=\"/files/deck/slide-%02d.png\"", index)), "slide \(index) missing from the gallery")
        }
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func badTranscriptsTemplatesAndFontsNameTheirField() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 2)
        try fixture.write(
            "1\n00:00:00,000 --> 00:00:01,000\nfine\n\n2\n00:00:01,000 --> 00:00:0x,000\nbroken\n", to: fixture.layout.media + "/bad.srt")
        try fixture.write(#"{"size": "wide"}"#, to: fixture.layout.templates + "/odd.json")
        try fixture.startDaemon()
        let cases: [(id: String, job: String, code: String, field: String, words: String)] = [
            (
                "srt", #"{"kind": "mp4", "input": "tone.wav", "transcriptFile": "bad.srt"}"#, "invalid-transcript", "transcriptFile",
                "line 6"
            ),
            (
                "nofile", #"{"kind": "mp4", "input": "tone.wav", "transcriptFile": "none.vtt"}"#, "input-not-found", "transcriptFile",
                "none.vtt"
            ),
            (
                "template", #"{"kind": "mp4", "input": "tone.wav", "templateId": "nope"}"#, "invalid-template", "templateId",
                "templates/nope.json"
            ),
            ("oddtemplate", #"{"kind": "carousel", "transcript": "Hi.", "templateId": "odd"}"#, "invalid-template", "templateId", "size"),
            (
                "font", #"{"kind": "carousel", "transcript": "Hi.", "style": {"font": "No Such Font 123"}}"#, "invalid-field", "style.font",
                "No Such Font"
            ),
            (
                "logo", #"{"kind": "mp4", "input": "tone.wav", "style": {"logo": "missing.png"}}"#, "input-not-found", "style.logo",
                "missing.png"
            ),
            (
                "toolong",
                #"{"kind": "carousel", "transcript": "\#(String(repeating: "Many words here. ", count: 200))", "options": {"maxSlides": 2}}"#,
                "invalid-field", "options.maxSlides", "slides"
            ),
        ]
        for item in cases { try fixture.drop(item.id + ".json", item.job) }
        for item in cases {
            let status = try await fixture.waitForFinal(item.id)
            #expect(status.status == .failed, "\(item.id)")
            #expect(status.errorCode == item.code, "\(item.id): \(status.error ?? "")")
            #expect(status.errorField == item.field, "\(item.id): \(status.error ?? "")")
            #expect(status.error?.contains(item.words) == true, "\(item.id): \(status.error ?? "")")
            #expect(status.attempts == 1, "\(item.id) is not retried")
        }
        #expect(try await fixture.stopDaemon() == 0)
    }
}
