import Foundation
import MediaKit
import Testing

/// Two tagged parts with a gap render to every format; ffprobe reads codec, rate, channels,
/// length, tags and chapters back.
@Suite("Render: every format")
struct RenderFormatTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var encoding: AudioEncoding
        var codec: String
        var resultCodec: String
        var rate: Int
        /// Tolerance on the decoded length in seconds (a frame of the codec, or exact).
        var slack: Double
        var chapters: Bool
        var testDescription: String { "\(encoding.format.rawValue) \(codec)" }
    }

    static let cases: [Case] = [
        Case(
            encoding: AudioEncoding(format: .mp3), codec: "mp3", resultCodec: "mp3 (LAME 3.100)", rate: 44100,
            slack: 0.001, chapters: true),
        Case(
            encoding: AudioEncoding(format: .m4a), codec: "aac", resultCodec: "aac", rate: 44100, slack: 0.025,
            chapters: true),
        Case(
            encoding: AudioEncoding(format: .opus), codec: "opus", resultCodec: "opus", rate: 48000, slack: 0.025,
            chapters: true),
        Case(
            encoding: AudioEncoding(format: .flac), codec: "flac", resultCodec: "flac", rate: 44100, slack: 0.001,
            chapters: true),
        Case(
            encoding: AudioEncoding(format: .wav), codec: "pcm_s16le", resultCodec: "pcm_s16le", rate: 44100,
            slack: 0.001, chapters: false),
        Case(
            encoding: AudioEncoding(format: .flac, sampleFormatBits: 24), codec: "flac", resultCodec: "flac",
            rate: 44100, slack: 0.001, chapters: true),
        Case(
            encoding: AudioEncoding(format: .wav, sampleFormatBits: 24), codec: "pcm_s24le", resultCodec: "pcm_s24le",
            rate: 44100, slack: 0.001, chapters: false),
    ]

    static let tags = ["title": "Épisode 7 — ünïcødé", "artist": "Zoë & 李", "album": "Pages", "date": "2024"]

    @Test(arguments: cases)
    func twoTaggedParts(_ fixture: Case) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "44100", "-c", "2", "-b", "16", "a.wav", "synth", "1.5", "sine", "440", "vol", "0.5")
        try ws.run("sox", "-n", "-r", "44100", "-c", "2", "-b", "16", "b.wav", "synth", "2", "sine", "660", "vol", "0.5")
        let output = "out.\(fixture.encoding.format.fileExtension)"

        let result = try ws.render(
            [("a.wav", "Intro ☕", 0), ("b.wav", "Deuxième partie", 0)], to: output, encoding: fixture.encoding,
            gapMilliseconds: 300, tags: Self.tags, chapters: true)

        let expected = 1.5 + 0.3 + 2.0
        #expect(result.codecName == fixture.resultCodec)
        #expect(result.outputSampleRate == fixture.rate)
        #expect(result.outputChannels == 2)
        #expect(result.outputSamples == Int64((expected * Double(fixture.rate)).rounded()))
        #expect(result.outputBytes == Int64(try ws.size(of: output)))
        #expect(try ws.listing() == ["a.wav", "b.wav", output])
        #expect(result.parts.map(\.codec) == ["pcm_s16le", "pcm_s16le"])
        #expect(abs(result.parts[1].startSeconds - 1.8) < 0.0001)
        #expect(abs(result.parts[1].endSeconds - expected) < 0.0001)

        let probe = try Probe(ws.path(output))
        #expect(probe.audio?.codecName == fixture.codec)
        #expect(probe.sampleRate == fixture.rate)
        #expect(probe.channels == 2)
        let decoded = Double(try Probe.decodedSamples(ws.path(output))) / Double(fixture.rate)
        #expect(abs(decoded - expected) <= fixture.slack, "decoded \(decoded) s")
        // The container's declared duration: mp3's counts whole frames with LAME's delay and padding.
        let declaredSlack = fixture.encoding.format == .mp3 ? 2 * 1152.0 / 44100 : fixture.slack + 0.01
        #expect(abs((probe.durationSeconds ?? 0) - expected) <= declaredSlack, "declared \(probe.durationSeconds ?? 0) s")
        let tags = probe.allTags
        #expect(tags["title"] ?? tags["TITLE"] == Self.tags["title"])
        #expect(tags["artist"] ?? tags["ARTIST"] == Self.tags["artist"])
        #expect(tags["album"] ?? tags["ALBUM"] == "Pages")

        let chapters = try Probe.chapters(ws.path(output))
        if fixture.chapters {
            #expect(result.chapters.map(\.title) == ["Intro ☕", "Deuxième partie"])
            try #require(chapters.count == 2, "ffprobe chapters: \(chapters)")
            #expect(chapters.map(\.title) == ["Intro ☕", "Deuxième partie"])
            #expect(abs(chapters[0].start) < 0.001)
            #expect(abs(chapters[1].start - 1.8) < 0.001, "second chapter at \(chapters[1].start)")
            #expect(abs(chapters[0].end - 1.8) < 0.001)
            #expect(abs(chapters[1].end - expected) <= fixture.slack + 0.01)
        } else {
            #expect(chapters.isEmpty)
            #expect(result.chapters.isEmpty)
        }
    }

    /// `+faststart`: the mov muxer moved `moov` in front of `mdat` (through the URL of the `.part`).
    @Test func m4aHasMoovFirst() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "48000", "-c", "1", "a.wav", "synth", "3", "sine", "440")

        try ws.render(["a.wav"], to: "out.m4a", encoding: AudioEncoding(format: .m4a, bitrateKbps: 96))

        let boxes = try Probe.topLevelBoxes(ws.path("out.m4a"))
        let moov = try #require(boxes.firstIndex(of: "moov"))
        let mdat = try #require(boxes.firstIndex(of: "mdat"))
        #expect(moov < mdat, "boxes: \(boxes)")
        #expect(boxes.first == "ftyp")
        #expect(try Probe(ws.path("out.m4a")).channels == 1)
    }

    @Test func formatFacts() {
        #expect(AudioFormat.allCases.map(\.fileExtension) == ["mp3", "m4a", "opus", "flac", "wav"])
        #expect(AudioFormat.mp3.mimeType == "audio/mpeg")
        #expect(AudioFormat.m4a.mimeType == "audio/mp4")
        #expect(AudioFormat.opus.mimeType.hasPrefix("audio/ogg"))
        #expect(AudioFormat.flac.mimeType == "audio/flac")
        #expect(AudioFormat.wav.mimeType == "audio/wav")
        #expect(AudioFormat.allCases.filter(\.isLossless) == [.flac, .wav])
        #expect(AudioEncoding.preferredSampleRate(forInput: 96000, format: .m4a) == 48000)
        #expect(AudioEncoding.preferredSampleRate(forInput: 22050, format: .opus) == 48000)
        #expect(AudioEncoding.preferredSampleRate(forInput: 96000, format: .flac) == 96000)
        #expect(AudioEncoding.preferredSampleRate(forInput: 37800, format: .mp3) == 44100)
    }
}
