import Foundation
import MediaKit
import Testing

/// Progress comes from decoded timestamps against the declared duration.
@Suite("Progress")
struct ProgressTests {
    @Test func fractionsRiseToOneForKnownDuration() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "44100", "-c", "2", "in.wav", "synth", "30", "sine", "440")
        var reports: [TranscodeProgress] = []

        try ws.transcode("in.wav", to: "out.mp3") { reports.append($0) }

        let phases = reports.map(\.phase)
        #expect(phases.first == .probing)
        #expect(phases.last == .finalizing)
        #expect(phases.contains(.decoding))
        #expect(phases.contains(.encoding))
        // Phases only move forward.
        let order: [TranscodeProgress.Phase] = [.probing, .decoding, .encoding, .finalizing]
        let ranks = phases.map { order.firstIndex(of: $0)! }
        #expect(ranks == ranks.sorted())

        let known = reports.filter { $0.phase != .probing }
        #expect(known.allSatisfy { $0.durationSeconds.map { abs($0 - 30) < 0.01 } ?? false })
        let fractions = known.compactMap(\.fraction)
        #expect(fractions.count == known.count)
        #expect(fractions == fractions.sorted(), "fractions went backwards: \(fractions)")
        #expect(fractions.allSatisfy { (0...1).contains($0) })
        let last = try #require(fractions.last)
        #expect(last > 0.99)
        #expect(abs(reports.last!.decodedSeconds - 30) < 0.05)
        let decoded = reports.map(\.decodedSeconds)
        #expect(decoded == decoded.sorted())
    }

    /// An input read through a pipe: no seeking, so the Ogg duration is unknown and the
    /// fraction is `nil`, while decoded seconds still advance.
    @Test func pipeInputHasNoFractionButDecodes() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "48000", "-c", "2", "src.wav", "synth", "2", "sine", "440")
        try ws.run("ffmpeg", "-nostdin", "-v", "error", "-i", "src.wav", "-c:a", "libopus", "in.ogg")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: ws.path("in.ogg")))
        let (source, result) = try PipeFeeder.feed(bytes) { descriptor in
            var reports: [TranscodeProgress] = []
            let result = try MP3Transcoder.transcode(
                input: descriptor, inputName: "in.ogg", to: .init(ws.path("out.mp3")), settings: MP3Settings()
            ) { reports.append($0) }
            return (reports, result)
        }

        #expect(source.allSatisfy { $0.fraction == nil && $0.durationSeconds == nil })
        #expect(abs((source.last?.decodedSeconds ?? 0) - 2) < 0.05)
        #expect(result.inputCodec == "opus")
        #expect(abs(Double(try Probe.decodedSamples(ws.path("out.mp3"))) / 48000 - 2) <= 1152.0 / 48000)
    }
}
