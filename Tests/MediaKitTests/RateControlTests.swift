import Foundation
import MediaKit
import Testing

/// CBR and VBR outputs and the LAME/Xing frame LAME writes over its placeholder.
@Suite("Rate control and the LAME tag")
struct RateControlTests {
    @Test func vbrHasXingHeaderAndSaneBitrate() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "44100", "-c", "2", "in.wav", "synth", "4", "pinknoise", "vol", "0.3")

        let result = try ws.transcode(
            "in.wav", to: "out.mp3", settings: MP3Settings(rateControl: .variable(quality: 2)))

        let frame = try Probe.firstFrame(ws.path("out.mp3"))
        #expect(frame.contains(ascii: "Xing"))
        #expect(!frame.contains(ascii: "Info"))
        #expect(frame.contains(ascii: "LAME"))
        let probe = try Probe(ws.path("out.mp3"))
        let bitRate = try #require(probe.format.bitRate.flatMap { Int($0) })
        #expect((96_000...320_000).contains(bitRate), "VBR -V 2 on noise averaged \(bitRate) bit/s")
        // With the Xing frame count, the decoder trims to exactly what LAME got.
        #expect(try Probe.decodedSamples(ws.path("out.mp3")) == Int(result.outputSamples))
        #expect(result.outputSamples == 4 * 44100)
    }

    @Test func cbrHasInfoHeader() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "48000", "-c", "1", "in.wav", "synth", "2", "sine", "300")

        try ws.transcode("in.wav", to: "out.mp3", settings: MP3Settings(rateControl: .constant(kbps: 64)))

        let frame = try Probe.firstFrame(ws.path("out.mp3"))
        #expect(frame.contains(ascii: "Info"))
        #expect(!frame.contains(ascii: "Xing"))
        #expect(frame.contains(ascii: "LAME"))
        let probe = try Probe(ws.path("out.mp3"))
        #expect(probe.bitRate == 64_000)
        #expect(probe.channels == 1)
    }

    @Test func vbrSmallerAtHigherQualityNumber() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "44100", "-c", "2", "in.wav", "synth", "3", "pinknoise", "vol", "0.3")

        let best = try ws.transcode("in.wav", to: "v0.mp3", settings: MP3Settings(rateControl: .variable(quality: 0)))
        let small = try ws.transcode("in.wav", to: "v9.mp3", settings: MP3Settings(rateControl: .variable(quality: 9)))

        #expect(small.outputBytes < best.outputBytes)
    }
}
