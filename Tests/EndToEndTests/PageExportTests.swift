import Foundation
import SpoolCore
import Testing

/// Page exports through the real daemon: paragraphs joined by frame copy or one re-encode,
/// with chapters, gaps and loudness levelling, judged by ffprobe and ffmpeg.
@Suite("Page exports", .serialized)
struct PageExportTests {
    @Test func copyModeJoinsFramesUntouchedWithGapsAndChapters() async throws {
        let fixture = try SpoolFixture()
        var parts: [String] = []
        for (index, text) in SpoolFixture.paragraphs.enumerated() {
            parts.append(try fixture.makeSpeechMP3("p\(index + 1).mp3", text: text, title: "Paragraph \(index + 1)"))
        }
        try fixture.startDaemon()
        try fixture.drop(
            "page12.json",
            #"{"kind": "page", "bookId": "b7", "pageId": "p12", "inputs": ["p1.mp3", "p2.mp3", "p3.mp3"], "options": {"gapMs": 400, "mode": "copy"}, "tags": {"title": "Page 12"}}"#
        )
        let status = try await fixture.waitForFinal("page12")
        #expect(status.status == .completed, "\(status.error ?? "")")
        #expect(status.export?.mode == "copy")
        let path = fixture.layout.jobFolder("page12", in: .done) + "/page12.mp3"
        let output = try Data(contentsOf: URL(fileURLWithPath: path))

        // No re-encoding: a run of audio bytes from the middle of every part is in the output as it was.
        for part in parts {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: part))
            let middle = bytes.subdata(in: bytes.count / 2..<bytes.count / 2 + 2048)
            #expect(output.range(of: middle) != nil, "\(part) was not copied byte for byte")
        }
        // Length: the parts plus two gaps, within one frame per part.
        let probe = try Probe(path)
        let partSeconds = try parts.map { try Probe($0).decodedSeconds }
        let expected = partSeconds.reduce(0, +) + 0.8
        #expect(abs(probe.decodedSeconds - expected) <= 3 * probe.frameSeconds, "decoded \(probe.decodedSeconds), expected \(expected)")
        // ffprobe reads the length from the fresh Xing header (frames × 1152, before the delay and padding are trimmed).
        #expect(abs(probe.duration - probe.decodedSeconds) <= 2 * probe.frameSeconds, "the Xing header's length")
        #expect(probe.tags["title"] == "Page 12")
        // One chapter per paragraph, titled from the parts' own tags, where the paragraphs are.
        let chapters = try SpoolFixture.chapters(path)
        #expect(chapters.map(\.title) == ["Paragraph 1", "Paragraph 2", "Paragraph 3"])
        #expect(status.export?.chapters?.map(\.title) == ["Paragraph 1", "Paragraph 2", "Paragraph 3"])
        if chapters.count == 3 {
            #expect(abs(chapters[0].start) < 0.001)
            #expect(abs(chapters[1].start - (partSeconds[0] + 0.4)) <= 2 * probe.frameSeconds)
            #expect(abs(chapters[2].end - probe.decodedSeconds) <= 2 * probe.frameSeconds)
        }
        // A page may name its file and go without chapters.
        try fixture.drop(
            "page12-plain.json",
            #"{"kind": "page", "inputs": ["p1.mp3", "p2.mp3", "p3.mp3"], "options": {"outputName": "b7-p12", "chapters": false}}"#)
        let plain = try await fixture.waitForFinal("page12-plain")
        #expect(plain.outputs.map(\.name) == ["b7-p12.mp3"])
        #expect(plain.outputUrl == "/files/page12-plain/b7-p12.mp3")
        #expect(try SpoolFixture.chapters(fixture.layout.jobFolder("page12-plain", in: .done) + "/b7-p12.mp3").isEmpty)
        #expect(plain.export?.chapters == nil)
        // Fields the job carried are kept.
        let job = try String(contentsOfFile: fixture.layout.jobFolder("page12", in: .done) + "/job.json", encoding: .utf8)
        #expect(job.contains("\"bookId\"") && job.contains("\"pageId\""))
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func autoReencodesMixedPartsGaplesslyAndCopyNamesTheOddOne() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeSpeechMP3("a1.mp3", text: SpoolFixture.paragraphs[0])
        try fixture.makeSpeechMP3("a2.mp3", text: SpoolFixture.paragraphs[1])
        try fixture.makeSpeechMP3("a3.mp3", text: SpoolFixture.paragraphs[2], rate: 22050, kbps: 48)
        try fixture.startDaemon()
        let inputs = #""inputs": ["a1.mp3", "a2.mp3", "a3.mp3"]"#
        try fixture.drop("mixed-auto.json", #"{"kind": "concat", \#(inputs), "chapters": ["One", "Two", "Three"]}"#)
        try fixture.drop("mixed-copy.json", #"{"kind": "concat", \#(inputs), "options": {"mode": "copy"}}"#)

        let auto = try await fixture.waitForFinal("mixed-auto")
        #expect(auto.status == .completed, "\(auto.error ?? "")")
        #expect(auto.export?.mode == "reencode")
        #expect(auto.export?.modeReason?.contains("a3.mp3") == true, "\(auto.export?.modeReason ?? "")")
        let path = fixture.layout.jobFolder("mixed-auto", in: .done) + "/mixed-auto.mp3"
        let probe = try Probe(path)
        #expect(probe.sampleRate == 44100)
        // Gapless: each part's encoder delay and padding are trimmed, so the page is as long as its parts.
        let expected = try (1...3).map { try Probe(fixture.layout.media + "/a\($0).mp3").decodedSeconds }.reduce(0, +)
        #expect(abs(probe.decodedSeconds - expected) <= probe.frameSeconds, "decoded \(probe.decodedSeconds), parts \(expected)")
        #expect(try SpoolFixture.chapters(path).map(\.title) == ["One", "Two", "Three"])

        let copy = try await fixture.waitForFinal("mixed-copy")
        #expect(copy.status == .failed)
        #expect(copy.errorCode == "incompatible-parts")
        #expect(copy.errorField == "inputs[2]")
        #expect(copy.error?.contains("22050") == true, "\(copy.error ?? "")")
        #expect(fixture.names(in: fixture.layout.jobFolder("mixed-copy", in: .failed)).allSatisfy { !$0.hasSuffix(".mp3") })
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func normalizeLevelsEveryParagraphToTheTarget() async throws {
        let fixture = try SpoolFixture()
        for (index, volume) in [0.05, 0.9, 0.25].enumerated() {
            try fixture.makeSpeechMP3(
                "n\(index + 1).mp3", text: SpoolFixture.paragraphs[index], volume: volume, kbps: 96, title: "Level \(index + 1)")
        }
        try fixture.startDaemon()
        try fixture.drop(
            "levelled.json", #"{"kind": "page", "inputs": ["n1.mp3", "n2.mp3", "n3.mp3"], "options": {"normalize": true, "gapMs": 300}}"#)
        let status = try await fixture.waitForFinal("levelled", timeout: 120)
        #expect(status.status == .completed, "\(status.error ?? "")")
        #expect(status.export?.mode == "reencode")
        #expect(status.export?.modeReason?.contains("normalize") == true)
        let path = fixture.layout.jobFolder("levelled", in: .done) + "/levelled.mp3"
        let measured = try SpoolFixture.loudness(path)
        #expect(abs(measured.integrated - -16) <= 1, "integrated \(measured.integrated) LUFS")
        #expect(measured.truePeak <= -1, "true peak \(measured.truePeak) dBTP")
        // The quiet and the loud paragraph come out alike.
        let parts = try #require(status.export?.parts)
        #expect(parts.count == 3)
        #expect((parts[0].gainDb ?? 0) > (parts[1].gainDb ?? 0) + 10, "gains \(parts.map { $0.gainDb ?? 0 })")
        var levels: [Double] = []
        for chapter in try SpoolFixture.chapters(path) {
            let piece = fixture.directory + "/piece-\(levels.count).wav"
            let cut = try SpoolFixture.run(
                "ffmpeg", ["-nostdin", "-v", "error", "-y", "-i", path, "-ss", "\(chapter.start)", "-to", "\(chapter.end)", piece])
            try #require(cut.status == 0, "\(cut.stderr)")
            levels.append(try SpoolFixture.loudness(piece).integrated)
        }
        #expect(levels.count == 3)
        // Re-encoded, the chapters still take the parts' own title tags.
        #expect(try SpoolFixture.chapters(path).map(\.title) == ["Level 1", "Level 2", "Level 3"])
        #expect((levels.max() ?? 0) - (levels.min() ?? 0) <= 2, "paragraph loudness \(levels)")
        #expect(abs((status.loudness?.output?.integratedLufs ?? 0) - -16) <= 1)
        #expect(status.loudness?.target == LoudnessTarget())
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func everyFormatDecodesWithItsTags() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeSpeechWAV(fixture.layout.media + "/talk.wav", text: SpoolFixture.paragraphs[1], rate: 48000, channels: 2)
        try fixture.startDaemon()
        let expected: [(format: String, codec: String, mime: String)] = [
            ("mp3", "mp3", "audio/mpeg"), ("m4a", "aac", "audio/mp4"), ("opus", "opus", "audio/ogg"), ("flac", "flac", "audio/flac"),
            ("wav", "pcm_s16le", "audio/wav"),
        ]
        for entry in expected {
            try fixture.drop(
                "talk-\(entry.format).json",
                #"{"kind": "mp3", "input": "talk.wav", "options": {"format": "\#(entry.format)", "quality": "voice"}, "tags": {"title": "Talk ✓", "artist": "Ada"}}"#
            )
        }
        let source = try Probe(fixture.layout.media + "/talk.wav").decodedSeconds
        for entry in expected {
            let status = try await fixture.waitForFinal("talk-\(entry.format)")
            #expect(status.status == .completed, "\(entry.format): \(status.error ?? "")")
            let output = try #require(status.outputs.first)
            #expect(output.name == "talk-\(entry.format).\(entry.format)")
            #expect(output.mimeType.hasPrefix(entry.mime), "\(output.mimeType)")
            let path = fixture.layout.jobFolder("talk-\(entry.format)", in: .done) + "/" + output.name
            let probe = try Probe(path)
            #expect(probe.codec == entry.codec)
            #expect(probe.channels == 1, "the voice preset is mono")
            #expect(abs(probe.decodedSeconds - source) <= 0.03, "\(entry.format): \(probe.decodedSeconds) s of \(source)")
            let tags = try SpoolFixture.allTags(path)
            #expect(tags["title"] == "Talk ✓", "\(entry.format) tags: \(tags)")
            #expect(tags["artist"] == "Ada", "\(entry.format) tags: \(tags)")
            #expect(status.export?.format == entry.format)
        }
        #expect(try await fixture.stopDaemon() == 0)
    }
}
