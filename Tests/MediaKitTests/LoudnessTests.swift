import Foundation
import SystemPackage
import Testing

@testable import MediaKit

/// EBU R128 loudness: the scanner agrees with `ffmpeg -af ebur128`, parts normalised with
/// gains land on the target, and the limiter holds the true-peak ceiling in the encoded file.
@Suite("Loudness")
struct LoudnessTests {
    /// A sine at known levels, mono and stereo, at 44.1 and 48 kHz.
    @Test(arguments: [(44100, 1, -20.0), (48000, 2, -12.0), (22050, 2, -30.0)])
    func scannerAgreesWithFFmpeg(rate: Int, channels: Int, level: Double) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run(
            "sox", "-n", "-r", "\(rate)", "-c", "\(channels)", "-b", "16", "sine.wav", "synth", "8", "sine", "997",
            "gain", "\(level)")

        let measured = try ws.measure("sine.wav")
        let reference = try Probe.loudness(ws.path("sine.wav"))

        let integrated = try #require(measured.integratedLUFS)
        #expect(abs(integrated - reference.integrated) <= 0.01, "scanner \(integrated), ffmpeg \(reference.integrated)")
        let peak = try #require(measured.truePeakDBTP)
        #expect(abs(peak - reference.truePeak) <= 0.01, "scanner \(peak) dBTP, ffmpeg \(reference.truePeak)")
        #expect(abs((measured.loudnessRangeLU ?? -1) - reference.range) <= 0.01)
        #expect(abs(measured.durationSeconds - 8) < 0.001)
        // A full-scale sine reads -3.01 LUFS per channel in mono, 0 in stereo (BS.1770 sums channels).
        let expected = level - 3.01 + (channels == 2 ? 3.01 : 0) + 0.0
        #expect(abs(integrated - expected) < 0.3, "\(integrated) LUFS for a \(level) dBFS sine")
    }

    @Test func silenceHasNoLoudness() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "48000", "-c", "2", "-b", "16", "silence.wav", "trim", "0", "3")

        let measured = try ws.measure("silence.wav")

        #expect(measured.integratedLUFS == nil)
        #expect(measured.loudnessRangeLU == nil)
        #expect(measured.truePeakDBTP == nil)
        #expect(abs(measured.durationSeconds - 3) < 0.001)
    }

    /// Speech recorded quietly and loudly, each part given `target − measured`, renders to the
    /// target with the true peak under the ceiling, every part as loud as the others.
    @Test(arguments: [AudioFormat.mp3, .m4a, .opus, .flac])
    func partsNormaliseToTarget(format: AudioFormat) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run(
            "espeak-ng", "-w", "speech.wav",
            "The quick brown fox jumps over the lazy dog. Loudness normalisation makes every part of a page "
                + "equally loud, whether it was recorded close to the microphone or far away from it.")
        try ws.run("sox", "speech.wav", "quiet.wav", "vol", "0.1")
        try ws.run("sox", "speech.wav", "loud.wav", "vol", "0.9")
        let target = -16.0
        let files = ["quiet.wav", "loud.wav", "quiet.wav"]
        var parts: [(file: String, title: String, gainDB: Double)] = []
        for file in files {
            let gain = try #require(try ws.measure(file).gainDB(toReach: target))
            parts.append((file, file, gain))
        }
        let output = "page.\(format.fileExtension)"

        let result = try ws.render(
            parts, to: output, encoding: AudioEncoding(format: format), gapMilliseconds: 500, ceiling: -1,
            target: target, measure: true)

        let whole = try Probe.loudness(ws.path(output))
        #expect(abs(whole.integrated - target) <= 1, "\(format): \(whole.integrated) LUFS")
        #expect(whole.truePeak <= -1, "\(format): true peak \(whole.truePeak) dBTP")
        let pcm = try #require(result.outputLoudness)
        #expect(abs((pcm.integratedLUFS ?? 0) - target) <= 1)
        #expect((pcm.truePeakDBTP ?? 0) <= -1 - AudioRenderer.limiterMarginDB(for: format) + 0.05)
        var levels: [Double] = []
        for part in result.parts {
            let level = try Probe.loudness(
                ws.path(output), start: part.startSeconds, duration: part.endSeconds - part.startSeconds)
            levels.append(level.integrated)
        }
        #expect((levels.max() ?? 0) - (levels.min() ?? 0) <= 1, "\(format): parts at \(levels)")
        #expect(levels.allSatisfy { abs($0 - target) <= 1 }, "\(format): parts at \(levels)")
    }

    /// A part pushed 12 dB too loud: the limiter keeps the lossless output at the ceiling
    /// without changing its length, and the measurement of the PCM matches ffmpeg's of the file.
    @Test func limiterHoldsCeilingAndLength() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "44100", "-c", "2", "-b", "16", "noise.wav", "synth", "5", "pinknoise", "vol", "0.5")

        let result = try ws.render(
            [("noise.wav", "", 12)], to: "out.flac", encoding: AudioEncoding(format: .flac, sampleFormatBits: 24),
            ceiling: -2, measure: true)

        #expect(result.outputSamples == 5 * 44100)
        #expect(try Probe.decodedSamples(ws.path("out.flac")) == 5 * 44100)
        let file = try Probe.loudness(ws.path("out.flac"))
        #expect(file.truePeak <= -2, "true peak \(file.truePeak)")
        #expect(file.truePeak > -3, "the limiter should not pull far below the ceiling: \(file.truePeak)")
        let pcm = try #require(result.outputLoudness)
        #expect(abs((pcm.integratedLUFS ?? 0) - file.integrated) <= 0.1)
        #expect(abs((pcm.truePeakDBTP ?? 0) - file.truePeak) <= 0.1)
    }

    /// Without a ceiling the makeup is exact: loudness moves 1:1 with gain.
    @Test func targetWithoutCeilingIsExact() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "48000", "-c", "2", "-b", "16", "a.wav", "synth", "4", "pinknoise", "vol", "0.2")
        try ws.run("sox", "-n", "-r", "48000", "-c", "2", "-b", "16", "b.wav", "synth", "4", "sine", "440", "vol", "0.05")

        let result = try ws.render(
            [("a.wav", "", 0), ("b.wav", "", 0)], to: "out.flac", encoding: AudioEncoding(format: .flac, sampleFormatBits: 24),
            target: -23, measure: true)

        let file = try Probe.loudness(ws.path("out.flac"))
        #expect(abs(file.integrated - -23) <= 0.02, "\(file.integrated) LUFS")
        #expect(result.makeupGainDB != nil)
        #expect(abs((result.outputLoudness?.integratedLUFS ?? 0) - -23) <= 0.02)
    }

    @Test func makeupInterpolation() {
        let points: [(makeup: Double, loudness: Double)] = [(-3, -20), (0, -17.5), (1, -16.8), (2, -16.2)]
        #expect(MakeupSearch.interpolate(points, target: -17.5) == 0)
        #expect(abs(MakeupSearch.interpolate(points, target: -16.5)! - 1.5) < 1e-9)
        #expect(MakeupSearch.interpolate(points, target: -22) == -5)  // below: 1:1
        #expect(MakeupSearch.interpolate(points, target: -10) == 2)  // above: the largest candidate
        #expect(MakeupSearch.interpolate([], target: -16) == nil)
    }

    /// A loudness target reads every part twice, which a pipe cannot do.
    @Test func targetNeedsSeekableParts() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        // Smaller than a pipe's buffer: written whole before the render starts.
        try ws.run("sox", "-n", "-r", "16000", "-c", "1", "-b", "16", "a.wav", "synth", "0.5", "sine", "440")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: ws.path("a.wav")))
        let (reader, writer) = try FileDescriptor.pipe()
        defer { try? reader.close() }
        _ = try bytes.withUnsafeBytes { try writer.writeAll($0) }
        try writer.close()
        let request = RenderRequest(
            parts: [RenderPart(descriptor: reader, name: "a.wav")], encoding: AudioEncoding(format: .mp3),
            loudnessTargetLUFS: -16, outputPath: FilePath(ws.path("out.mp3")))

        let error = #expect(throws: MediaError.self) { try AudioRenderer.render(request) { _ in } }

        #expect(error?.code == .invalidSettings)
        #expect(error?.message.contains("a.wav") == true)
        #expect(try ws.listing() == ["a.wav"])
    }
}
