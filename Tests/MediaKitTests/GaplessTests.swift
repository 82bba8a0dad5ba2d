import Foundation
import SystemPackage
import Testing

@testable import MediaKit

/// MP3 parts join without the silence of LAME's encoder delay and padding: libavcodec trims
/// both ends from the skip samples FFmpeg's mp3 demuxer reads out of the LAME tag.
@Suite("Render: gapless joins")
struct GaplessTests {
    /// Sample counts of the three parts: none is a multiple of the 1152-sample MP3 frame.
    static let lengths = [44100 + 123, 2 * 44100 + 777, 30011]

    /// Makes `p0.mp3`, `p1.mp3`, … with the lame CLI from WAVs of exactly ``lengths`` samples.
    private func makeParts(_ ws: Workspace) throws -> [String] {
        var names: [String] = []
        for (index, length) in Self.lengths.enumerated() {
            // The rate goes on the `-n` input: synth counts samples at the input's rate.
            try ws.run(
                "sox", "-r", "44100", "-c", "2", "-n", "-b", "16", "p\(index).wav", "synth", "\(length)s", "sine",
                "\(300 + 200 * index)", "vol", "0.5")
            #expect(try Probe.decodedSamples(ws.path("p\(index).wav")) == length)
            try ws.run("lame", "--quiet", "-b", "128", "p\(index).wav", "p\(index).mp3")
            names.append("p\(index).mp3")
        }
        return names
    }

    /// Our decoding path (``AudioFrameReader``) gives exactly the samples LAME was given: the
    /// start (encoder delay) and the end (padding) are both trimmed.
    @Test func lameMP3DecodesToItsSourceLength() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let names = try makeParts(ws)
        for (name, length) in zip(names, Self.lengths) {
            let descriptor = try FileDescriptor.open(FilePath(ws.path(name)), .readOnly)
            defer { try? descriptor.close() }
            var reader = try AudioFrameReader(descriptor: descriptor, name: name, limits: .default)
            var samples = 0
            while try reader.next() { samples += reader.frame.sampleCount }
            #expect(samples == length, "\(name)")
            #expect(try Probe.decodedSamples(ws.path(name)) == length)
        }
    }

    /// Three LAME MP3s rendered with no gap hold exactly the sum of their samples (same rate:
    /// no resampling, so no rounding), to lossless wav and to a gapless mp3.
    @Test(arguments: [AudioFormat.wav, .mp3])
    func partsJoinWithoutExtraSamples(format: AudioFormat) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let names = try makeParts(ws)
        let output = "joined.\(format.fileExtension)"

        let result = try ws.render(names, to: output, encoding: AudioEncoding(format: format))

        let total = Self.lengths.reduce(0, +)
        #expect(result.outputSamples == Int64(total))
        #expect(try Probe.decodedSamples(ws.path(output)) == total)
        #expect(result.parts.map { Int(($0.decodedSeconds * 44100).rounded()) } == Self.lengths)
        #expect(result.parts.map { Int(($0.startSeconds * 44100).rounded()) } == [0, Self.lengths[0], Self.lengths[0] + Self.lengths[1]])
    }

    /// 250 ms gaps add exactly 2 × 11025 samples at 44.1 kHz.
    @Test func gapsAddExactSilence() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let names = try makeParts(ws)

        let result = try ws.render(names, to: "joined.flac", encoding: AudioEncoding(format: .flac), gapMilliseconds: 250)

        let total = Self.lengths.reduce(0, +) + 2 * 11025
        #expect(result.outputSamples == Int64(total))
        #expect(try Probe.decodedSamples(ws.path("joined.flac")) == total)
        #expect(result.parts[1].startSeconds == Double(Self.lengths[0] + 11025) / 44100)
    }

    /// Resampled parts (44.1 → 48 kHz): each part comes out within one sample of its exact
    /// length at the new rate, so the join is within one sample per part of the ideal.
    @Test func resampledJoinIsWithinOneSamplePerPart() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let names = try makeParts(ws)

        let result = try ws.render(
            names, to: "joined.flac", encoding: AudioEncoding(format: .flac, sampleRate: 48000), gapMilliseconds: 250)

        let ideal = Self.lengths.map { Double($0) * 48000 / 44100 }
        for (part, exact) in zip(result.parts, ideal) {
            let samples = (part.endSeconds - part.startSeconds) * 48000
            #expect(abs(samples - exact) <= 1, "part has \(samples) samples, ideally \(exact)")
        }
        let total = ideal.reduce(0, +) + 2 * 12000
        #expect(abs(Double(result.outputSamples) - total) <= Double(Self.lengths.count))
        #expect(try Probe.decodedSamples(ws.path("joined.flac")) == Int(result.outputSamples))
    }
}
