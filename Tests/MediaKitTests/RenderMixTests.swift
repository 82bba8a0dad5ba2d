import Foundation
import MediaKit
import SystemPackage
import Testing

/// Parts of different rates and channel counts, progress over several parts, and errors that
/// name the part and leave nothing behind.
@Suite("Render: mixed parts, progress, errors")
struct RenderMixTests {
    /// A 22.05 kHz mono speech part and a 48 kHz stereo part, in both orders: the first part
    /// sets rate and channels (as the format allows), the other is resampled and mixed to it.
    @Test(arguments: [AudioFormat.mp3, .m4a, .opus, .flac, .wav])
    func monoAndStereoAtDifferentRates(format: AudioFormat) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("espeak-ng", "-w", "speech.wav", "A mono part at twenty two kilohertz.")
        try ws.run(
            "sox", "-n", "-r", "48000", "-c", "2", "-b", "16", "music.wav", "synth", "2", "sine", "440", "sine", "554",
            "vol", "0.4")
        let speechSeconds = try Probe.decodedSeconds(ws.path("speech.wav"))
        let expected = speechSeconds + 0.2 + 2
        let ext = format.fileExtension

        let monoFirst = try ws.render(
            ["speech.wav", "music.wav"], to: "a.\(ext)", encoding: AudioEncoding(format: format), gapMilliseconds: 200)
        let stereoFirst = try ws.render(
            ["music.wav", "speech.wav"], to: "b.\(ext)", encoding: AudioEncoding(format: format), gapMilliseconds: 200)

        let lossyFrame = 0.05
        for (result, file, rate, channels) in [
            (monoFirst, "a.\(ext)", format == .opus ? 48000 : 22050, 1), (stereoFirst, "b.\(ext)", 48000, 2),
        ] {
            #expect(result.outputSampleRate == rate)
            #expect(result.outputChannels == channels)
            #expect(abs(result.outputDurationSeconds - expected) < 0.001, "\(file): \(result.outputDurationSeconds) s")
            let probe = try Probe(ws.path(file))
            #expect(probe.sampleRate == rate, "\(file)")
            #expect(probe.channels == channels, "\(file)")
            let decoded = Double(try Probe.decodedSamples(ws.path(file))) / Double(rate)
            #expect(abs(decoded - expected) <= (format.isLossless ? 0.001 : lossyFrame), "\(file): \(decoded) s")
        }
        #expect(monoFirst.parts.map(\.sampleRate) == [22050, 48000])
        #expect(monoFirst.parts.map(\.channels) == [1, 2])
        // Both parts carry sound in the output: neither was lost in the conversion.
        for part in stereoFirst.parts {
            let level = try Probe.loudness(
                ws.path("b.\(ext)"), start: part.startSeconds, duration: part.endSeconds - part.startSeconds)
            #expect(level.integrated > -40, "\(file(part)) is silent in b.\(ext)")
        }
    }

    private func file(_ part: RenderedPart) -> String { "\(part.format) part at \(part.startSeconds) s" }

    /// Progress: fractions over the sum of all parts' declared durations, never backwards.
    @Test func progressCoversAllParts() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        for (index, seconds) in [4, 6, 10].enumerated() {
            try ws.run(
                "sox", "-n", "-r", "44100", "-c", "2", "-b", "16", "p\(index).wav", "synth", "\(seconds)", "sine", "440")
        }
        var reports: [TranscodeProgress] = []

        try ws.render(
            [("p0.wav", "", 0), ("p1.wav", "", 0), ("p2.wav", "", 0)], to: "out.mp3",
            encoding: AudioEncoding(format: .mp3), gapMilliseconds: 100
        ) { reports.append($0) }

        let order: [TranscodeProgress.Phase] = [.probing, .decoding, .encoding, .finalizing]
        let ranks = reports.map { order.firstIndex(of: $0.phase)! }
        #expect(ranks == ranks.sorted())
        #expect(Set(reports.map(\.phase)) == Set(order))
        let known = reports.filter { $0.phase != .probing }
        #expect(known.allSatisfy { abs(($0.durationSeconds ?? 0) - 20) < 0.01 })
        let fractions = known.compactMap(\.fraction)
        #expect(fractions == fractions.sorted())
        #expect((fractions.last ?? 0) > 0.99)
        #expect(abs((reports.last?.decodedSeconds ?? 0) - 20) < 0.05)
    }

    /// A corrupt second part: the error says which part, and no output or `.part` remains.
    @Test func errorNamesThePart() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "44100", "-c", "1", "-b", "16", "good.wav", "synth", "1", "sine", "440")
        try Data(String(repeating: "not audio at all\n", count: 300).utf8).write(
            to: URL(fileURLWithPath: ws.path("bad.mp3")))
        let before = try ws.listing()

        let error = #expect(throws: MediaError.self) {
            try ws.render(["good.wav", "bad.mp3"], to: "out.m4a", encoding: AudioEncoding(format: .m4a))
        }

        #expect(error?.message.hasPrefix("part 2") == true, "\(String(describing: error))")
        #expect(error?.message.contains("bad.mp3") == true)
        #expect(try ws.listing() == before)
    }

    /// An output that cannot be created fails as a transient I/O error.
    @Test func unwritableOutput() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "44100", "-c", "1", "-b", "16", "a.wav", "synth", "1", "sine", "440")

        let error = #expect(throws: MediaError.self) {
            try ws.render(["a.wav"], to: "missing/out.flac", encoding: AudioEncoding(format: .flac))
        }

        #expect(error?.code == .io)
        #expect(error?.isTransient == true)
        #expect(try ws.listing() == ["a.wav"])
    }

    /// The second part fails once the output is half written (it comes through a pipe, so it is
    /// not opened before the render starts): the `.part` is removed, nothing is published.
    @Test(arguments: AudioFormat.allCases)
    func failureMidRenderRemovesPartFile(format: AudioFormat) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "44100", "-c", "1", "-b", "16", "a.wav", "synth", "2", "sine", "440")
        let good = try FileDescriptor.open(FilePath(ws.path("a.wav")), .readOnly)
        defer { try? good.close() }
        let (reader, writer) = try FileDescriptor.pipe()
        defer { try? reader.close() }
        _ = try Array(String(repeating: "not audio\n", count: 100).utf8).withUnsafeBytes { try writer.writeAll($0) }
        try writer.close()
        let output = "out.\(format.fileExtension)"
        let request = RenderRequest(
            parts: [RenderPart(descriptor: good, name: "a.wav"), RenderPart(descriptor: reader, name: "b.wav")],
            encoding: AudioEncoding(format: format), chapters: true, outputPath: FilePath(ws.path(output)))
        var phases: [TranscodeProgress.Phase] = []

        let error = #expect(throws: MediaError.self) { try AudioRenderer.render(request) { phases.append($0.phase) } }

        #expect(phases.contains(.encoding), "the output was under way")
        #expect(error?.message.hasPrefix("part 2") == true, "\(String(describing: error))")
        #expect(error?.message.contains("'b.wav'") == true)
        #expect(try ws.listing() == ["a.wav"])
    }

    @Test(arguments: [
        (AudioEncoding(format: .opus, sampleRate: 44100), "44100"),
        (AudioEncoding(format: .flac, bitrateKbps: 128), "lossless"),
        (AudioEncoding(format: .m4a, vbrQuality: 2), "mp3 only"),
        (AudioEncoding(format: .mp3, bitrateKbps: 128, vbrQuality: 2), "not both"),
        (AudioEncoding(format: .wav, sampleFormatBits: 20), "20"),
        (AudioEncoding(format: .mp3, sampleFormatBits: 24), "flac and wav"),
        (AudioEncoding(format: .opus, bitrateKbps: 700), "700"),
        (AudioEncoding(format: .m4a, channels: 6), "channels 6"),
    ])
    func invalidEncodings(encoding: AudioEncoding, mentions: String) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "44100", "-c", "1", "-b", "16", "a.wav", "synth", "1", "sine", "440")

        let error = #expect(throws: MediaError.self) { try ws.render(["a.wav"], to: "out", encoding: encoding) }

        #expect(error?.code == .invalidSettings)
        #expect(error?.message.contains(mentions) == true, "\(String(describing: error))")
        #expect(try ws.listing() == ["a.wav"])
    }

    @Test func invalidRequests() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "44100", "-c", "1", "-b", "16", "a.wav", "synth", "1", "sine", "440")
        let wav = AudioEncoding(format: .wav)

        #expect(throws: MediaError.self) { try ws.render([String](), to: "out.wav", encoding: wav) }
        #expect(throws: MediaError.self) { try ws.render(["a.wav"], to: "out.wav", encoding: wav, gapMilliseconds: -1) }
        #expect(throws: MediaError.self) { try ws.render([("a.wav", "", .infinity)], to: "out.wav", encoding: wav) }
        #expect(throws: MediaError.self) { try ws.render([("a.wav", "", 0)], to: "out.wav", encoding: wav, ceiling: 3) }
        #expect(throws: MediaError.self) { try ws.render([("a.wav", "", 0)], to: "out.wav", encoding: wav, target: 0) }
        #expect(try ws.listing() == ["a.wav"])
    }
}
