import MediaKit
import Testing

/// Every kind of input the daemon sees becomes a CBR MP3 of the right format and length.
@Suite("Input formats to MP3")
struct FormatTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// The fixture's file name.
        var file: String
        /// Commands that make the fixture (run in the workspace).
        var make: [[String]]
        var expectedRate: Int
        var expectedChannels: Int
        var expectedFormat: String
        var expectedCodec: String
        var testDescription: String { name }
    }

    static let sine = ["sox", "-n", "-r", "44100", "-c", "2", "src.wav", "synth", "3", "sine", "440", "sine", "660"]

    static let cases: [Case] = [
        Case(
            name: "WAV stereo 44.1 kHz", file: "in.wav",
            make: [["sox", "-n", "-r", "44100", "-c", "2", "-b", "16", "in.wav", "synth", "3", "sine", "440"]],
            expectedRate: 44100, expectedChannels: 2, expectedFormat: "wav", expectedCodec: "pcm_s16le"),
        Case(
            name: "WAV mono speech (espeak-ng)", file: "in.wav",
            make: [["espeak-ng", "-w", "in.wav", "Episode forty two, the export works."]],
            expectedRate: 22050, expectedChannels: 1, expectedFormat: "wav", expectedCodec: "pcm_s16le"),
        Case(
            name: "FLAC", file: "in.flac",
            make: [sine, ["ffmpeg", "-nostdin", "-v", "error", "-i", "src.wav", "in.flac"]],
            expectedRate: 44100, expectedChannels: 2, expectedFormat: "flac", expectedCodec: "flac"),
        Case(
            name: "Ogg/Opus", file: "in.opus",
            make: [
                sine,
                ["ffmpeg", "-nostdin", "-v", "error", "-i", "src.wav", "-c:a", "libopus", "-b:a", "64k", "in.opus"],
            ],
            expectedRate: 48000, expectedChannels: 2, expectedFormat: "ogg", expectedCodec: "opus"),
        Case(
            name: "M4A/AAC", file: "in.m4a",
            make: [
                sine, ["ffmpeg", "-nostdin", "-v", "error", "-i", "src.wav", "-c:a", "aac", "-b:a", "96k", "in.m4a"],
            ],
            expectedRate: 44100, expectedChannels: 2, expectedFormat: "mov,mp4,m4a,3gp,3g2,mj2", expectedCodec: "aac"),
        Case(
            name: "WebM/Opus", file: "in.webm",
            make: [
                sine,
                ["ffmpeg", "-nostdin", "-v", "error", "-i", "src.wav", "-c:a", "libopus", "-b:a", "64k", "in.webm"],
            ],
            expectedRate: 48000, expectedChannels: 2, expectedFormat: "matroska,webm", expectedCodec: "opus"),
        Case(
            name: "MP3 with cover art (video stream first)", file: "in.mp3",
            make: [
                sine,
                [
                    "ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x64:rate=1:duration=1",
                    "-frames:v", "1", "cover.png",
                ],
                [
                    "ffmpeg", "-nostdin", "-v", "error", "-i", "cover.png", "-i", "src.wav", "-map", "0:v", "-map",
                    "1:a",
                    "-c:v", "png", "-disposition:v", "attached_pic", "-c:a", "libmp3lame", "-b:a", "192k",
                    "-id3v2_version", "3", "in.mp3",
                ],
            ],
            expectedRate: 44100, expectedChannels: 2, expectedFormat: "mp3", expectedCodec: "mp3"),
        Case(
            name: "WAV 96 kHz 24-bit stereo", file: "in.wav",
            make: [["sox", "-n", "-r", "96000", "-c", "2", "-b", "24", "in.wav", "synth", "2", "sine", "1000"]],
            expectedRate: 48000, expectedChannels: 2, expectedFormat: "wav", expectedCodec: "pcm_s24le"),
    ]

    @Test(arguments: cases)
    func transcodesToCBR(_ fixture: Case) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        for command in fixture.make { try Tool.run(command, in: ws.url) }

        let result = try ws.transcode(
            fixture.file, to: "out.mp3", settings: MP3Settings(rateControl: .constant(kbps: 128)))

        #expect(result.inputFormat == fixture.expectedFormat)
        #expect(result.inputCodec == fixture.expectedCodec)
        #expect(result.outputSampleRate == fixture.expectedRate)
        #expect(result.outputChannels == fixture.expectedChannels)
        let out = ws.path("out.mp3")
        let probe = try Probe(out)
        #expect(probe.audio?.codecName == "mp3")
        #expect(probe.sampleRate == fixture.expectedRate)
        #expect(probe.channels == fixture.expectedChannels)
        #expect(probe.bitRate == 128_000)
        #expect(try ws.listing().filter { $0.hasSuffix(".part") } == [])

        // Length: the decoded output matches the decoded input within one MP3 frame.
        let inputSeconds = try Probe.decodedSeconds(ws.path(fixture.file))
        let outputSamples = try Probe.decodedSamples(out)
        let outputSeconds = Double(outputSamples) / Double(fixture.expectedRate)
        let frame = 1152.0 / Double(fixture.expectedRate)
        #expect(abs(outputSeconds - inputSeconds) <= frame, "input \(inputSeconds) s, output \(outputSeconds) s")
        // The LAME tag's delay and padding let the decoder trim to exactly what LAME was given.
        #expect(result.outputSamples == Int64(outputSamples))
        #expect(abs(result.decodedInputSeconds - inputSeconds) <= frame)
        #expect(result.outputBytes == Int64(try ws.size(of: "out.mp3")))
    }
}
