import Foundation
import MediaKit
import Testing

/// Output rate and channel count: chosen from the input by default, or as requested.
@Suite("Resampling and channels")
struct ResampleTests {
    @Test func highRateInputDefaultsToDivisor() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "96000", "-c", "2", "in.wav", "synth", "2", "sine", "1000")

        let result = try ws.transcode("in.wav", to: "out.mp3")

        #expect(result.inputSampleRate == 96000)
        #expect(result.outputSampleRate == 48000)
        let probe = try Probe(ws.path("out.mp3"))
        #expect(probe.sampleRate == 48000)
        #expect(probe.channels == 2)
        #expect(probe.bitRate == 128_000)
        #expect(abs(try Probe.decodedSamples(ws.path("out.mp3")) - 96000) <= 1152)
    }

    @Test func explicitRateAndMonoFromStereo() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        // Left and right differ, so a downmix (not a copy of one side) is what comes out.
        try ws.run("sox", "-n", "-r", "44100", "-c", "2", "in.wav", "synth", "3", "sine", "440", "sine", "880")

        let result = try ws.transcode(
            "in.wav", to: "out.mp3",
            settings: MP3Settings(rateControl: .constant(kbps: 64), sampleRate: 22050, channels: 1))

        #expect(result.outputSampleRate == 22050)
        #expect(result.outputChannels == 1)
        #expect(result.inputChannels == 2)
        let probe = try Probe(ws.path("out.mp3"))
        #expect(probe.sampleRate == 22050)
        #expect(probe.channels == 1)
        #expect(probe.bitRate == 64_000)
        let seconds = Double(try Probe.decodedSamples(ws.path("out.mp3"))) / 22050
        #expect(abs(seconds - 3) <= 1152.0 / 22050)
    }

    @Test func monoInputStaysMonoAndCanBeUpmixed() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "16000", "-c", "1", "in.wav", "synth", "2", "sine", "440")

        let mono = try ws.transcode("in.wav", to: "mono.mp3", settings: MP3Settings(rateControl: .constant(kbps: 32)))
        try ws.transcode(
            "in.wav", to: "stereo.mp3", settings: MP3Settings(rateControl: .constant(kbps: 64), channels: 2))

        #expect(mono.outputChannels == 1)
        #expect(mono.outputSampleRate == 16000)
        #expect(try Probe(ws.path("mono.mp3")).channels == 1)
        #expect(try Probe(ws.path("stereo.mp3")).channels == 2)
        #expect(try Probe(ws.path("stereo.mp3")).sampleRate == 16000)
    }

    @Test func surroundIsDownmixedToStereo() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "48000", "-c", "6", "in.wav", "synth", "1", "sine", "440")

        let result = try ws.transcode("in.wav", to: "out.mp3")

        #expect(result.inputChannels == 6)
        #expect(result.outputChannels == 2)
        #expect(try Probe(ws.path("out.mp3")).channels == 2)
    }

    /// Two Vorbis streams chained in one Ogg file, 44.1 kHz stereo then 22.05 kHz mono: the
    /// resampler is rebuilt when the frames change, and both parts end up in the MP3.
    @Test func formatChangeMidStream() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "44100", "-c", "2", "a.wav", "synth", "1", "sine", "440")
        try ws.run("sox", "-n", "-r", "22050", "-c", "1", "b.wav", "synth", "1", "sine", "880")
        try ws.run("ffmpeg", "-nostdin", "-v", "error", "-i", "a.wav", "-c:a", "libvorbis", "a.ogg")
        try ws.run("ffmpeg", "-nostdin", "-v", "error", "-i", "b.wav", "-c:a", "libvorbis", "b.ogg")
        let chained =
            try Data(contentsOf: URL(fileURLWithPath: ws.path("a.ogg")))
            + Data(contentsOf: URL(fileURLWithPath: ws.path("b.ogg")))
        try chained.write(to: URL(fileURLWithPath: ws.path("chained.ogg")))

        let result = try ws.transcode("chained.ogg", to: "out.mp3")

        #expect(result.outputSampleRate == 44100)
        #expect(result.outputChannels == 2)
        #expect(abs(result.decodedInputSeconds - 2) < 0.05, "decoded \(result.decodedInputSeconds) s")
        let seconds = Double(try Probe.decodedSamples(ws.path("out.mp3"))) / 44100
        #expect(abs(seconds - 2) < 0.05, "output \(seconds) s")
    }

    @Test(arguments: [
        (44100, 44100), (48000, 48000), (96000, 48000), (88200, 44100), (192000, 48000), (176400, 44100),
        (8000, 8000), (7000, 8000), (37800, 44100), (50000, 48000), (0, 48000),
    ])
    func preferredSampleRate(input: Int, expected: Int) {
        #expect(MP3Settings.preferredSampleRate(forInput: input) == expected)
    }
}
