import Foundation
import MediaKit
import SystemPackage
import Testing

/// Audiograms: H.264 + AAC + mov_text in an mp4 with `moov` first, a poster, captions burned
/// and soft, and the picture in step with the sound.
@Suite("Audiogram")
struct AudiogramTests {
    /// A caption "drawn" as a solid block, so the test needs no fonts.
    static let block: @Sendable (Int) throws -> CaptionBitmap = { _ in
        CaptionBitmap(width: 120, height: 24, coverage: [UInt8](repeating: 255, count: 120 * 24))
    }

    func render(
        _ ws: Workspace, input: String, output: String = "out.mp4", configure: (inout AudiogramRequest) -> Void = { _ in },
        progress: (TranscodeProgress) -> Void = { _ in }
    ) throws -> AudiogramResult {
        let descriptor = try FileDescriptor.open(FilePath(ws.path(input)), .readOnly)
        defer { try? descriptor.close() }
        var request = AudiogramRequest(
            input: descriptor, inputName: input, outputPath: FilePath(ws.path(output)), width: 320, height: 180, fps: 25)
        request.preset = "ultrafast"
        request.paintCaption = Self.block
        configure(&request)
        return try AudiogramRenderer.render(request, progress: progress)
    }

    @Test func streamsDurationsFaststartPosterAndSoftCaptions() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "44100", "-c", "2", "tone.wav", "synth", "3.3", "sine", "440", "vol", "0.3")
        var reports: [TranscodeProgress] = []
        let result = try render(ws, input: "tone.wav") { request in
            request.captions = [
                AudiogramCaption(start: 0, end: 1, text: "Hello world"),
                AudiogramCaption(start: 1.5, end: 3, text: "Second <line> & {\\b1}more\nand a second line"),
            ]
            request.posterPath = FilePath(ws.path("poster.png"))
            request.posterSeconds = 1.6
            request.tags = ["title": "Episode 42"]
        } progress: {
            reports.append($0)
        }

        #expect(result.videoCodec == "h264" && result.audioCodec == "aac")
        #expect(result.sampleRate == 44100 && result.channels == 2)
        #expect(result.videoFrames == 83)  // ⌈3.3 × 25⌉
        #expect(abs(result.durationSeconds - 3.3) < 0.001)
        #expect(result.softCaptions == 2 && result.burnedCaptions == 2)
        #expect(result.posterBytes ?? 0 > 0 && result.posterSeconds == 1.6)
        #expect(reports.contains { $0.phase == .encoding } && reports.last?.phase == .finalizing)

        let streams = try VideoProbe.streams(ws.path("out.mp4"))
        let video = try #require(streams.first { $0.codecType == "video" })
        let audio = try #require(streams.first { $0.codecType == "audio" })
        let text = try #require(streams.first { $0.codecType == "subtitle" })
        #expect(video.codecName == "h264" && video.width == 320 && video.height == 180 && video.pixelFormat == "yuv420p")
        #expect(video.frameRate == "25/1" && video.frames == 83)
        #expect(audio.codecName == "aac" && audio.sampleRate == "44100")
        #expect(text.codecName == "mov_text")
        let videoSeconds = try #require(video.durationSeconds)
        let audioSeconds = try #require(audio.durationSeconds)
        #expect(abs(videoSeconds - audioSeconds) <= 1.0 / 25 + 0.001, "video \(videoSeconds) s, audio \(audioSeconds) s")
        #expect(abs(video.startSeconds ?? 1) < 0.001 && abs(audio.startSeconds ?? 1) < 0.001)
        let boxes = try Probe.topLevelBoxes(ws.path("out.mp4"))
        #expect(try #require(boxes.firstIndex(of: "moov")) < (try #require(boxes.firstIndex(of: "mdat"))), "\(boxes)")
        #expect(try Probe(ws.path("out.mp4")).tags["title"] == "Episode 42")

        let srt = String(decoding: try ws.run("ffmpeg", "-v", "error", "-i", "out.mp4", "-map", "0:s:0", "-f", "srt", "-"), as: UTF8.self)
        #expect(srt.contains("00:00:00,000 --> 00:00:01,000") && srt.contains("Hello world"), "\(srt)")
        #expect(srt.contains("00:00:01,500 --> 00:00:03,000"), "\(srt)")
        // The samples themselves hold the text as written (ffmpeg's own srt conversion would read `{\b1}` as bold).
        let samples = try ws.run("ffmpeg", "-v", "error", "-i", "out.mp4", "-map", "0:s:0", "-c", "copy", "-f", "data", "-")
        let written = "Second <line> & {\\b1}more\nand a second line"
        #expect([UInt8](samples).contains(subsequence: [0, UInt8(written.utf8.count)] + Array(written.utf8)))

        let poster = try VideoProbe.pngSize(ws.path("poster.png"))
        #expect(poster.width == 320 && poster.height == 180)
    }

    /// A tone starting at exactly 2 s: the frame that shows 2.00–2.04 s draws a tall middle bar,
    /// the frame before draws none, and the decoded audio of the mp4 starts sounding at 2.00 s.
    @Test func pictureAndSoundAreInStep() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run(
            "sox", "-n", "-r", "48000", "-c", "1", "click.wav", "synth", "0.3", "sine", "1000", "vol", "0.5", "pad", "2", "2")
        let result = try render(ws, input: "click.wav") { request in
            request.waveformRect = PixelRect(x: 0, y: 40, width: 320, height: 100)
            request.waveformStyle = .bars
            request.backgroundColor = VideoColor(red: 0, green: 0, blue: 0)
        }
        #expect(result.videoFrames == 108)  // 4.3 s × 25
        let before = try VideoProbe.grayFrame(ws.path("out.mp4"), index: 49, width: 320, height: 180)
        let during = try VideoProbe.grayFrame(ws.path("out.mp4"), index: 50, width: 320, height: 180)
        // The middle column of the waveform, 10 px above and below its centre line (y = 90).
        func lit(_ frame: [UInt8]) -> Int { (60...120).filter { frame[$0 * 320 + 160] > 128 }.count }
        #expect(lit(before) <= 6, "frame 49 (1.96–2.00 s) shows \(lit(before)) lit pixels")
        #expect(lit(during) >= 40, "frame 50 (2.00–2.04 s) shows \(lit(during)) lit pixels")
        let onset = try VideoProbe.audioOnsetSeconds(ws.path("out.mp4"))
        #expect(abs(onset - 2.0) < 0.01, "the mp4's audio starts sounding at \(onset) s")
    }

    /// Burned captions: the block is drawn in the caption area while its caption runs, with the box behind it.
    @Test func burnedCaptionShowsOnlyWhileItRuns() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "22050", "-c", "1", "quiet.wav", "synth", "2", "sine", "200", "vol", "0.01")
        _ = try render(ws, input: "quiet.wav") { request in
            request.captions = [AudiogramCaption(start: 0.5, end: 1.0, text: "x")]
            request.captionRect = PixelRect(x: 0, y: 120, width: 320, height: 60)
            request.waveformStyle = .none
            request.backgroundColor = VideoColor(red: 0, green: 0, blue: 0)
            request.softCaptions = false
        }
        let probe = try VideoProbe.streams(ws.path("out.mp4"))
        #expect(!probe.contains { $0.codecType == "subtitle" })
        let shown = try VideoProbe.grayFrame(ws.path("out.mp4"), index: 18, width: 320, height: 180)  // 0.72 s
        let hidden = try VideoProbe.grayFrame(ws.path("out.mp4"), index: 30, width: 320, height: 180)  // 1.2 s
        #expect(shown[150 * 320 + 160] > 200, "the caption block is white in the middle of the caption area")
        #expect(hidden[150 * 320 + 160] < 40)
    }
}

extension Array where Element: Equatable {
    func contains(subsequence: [Element]) -> Bool {
        guard subsequence.count <= count else { return false }
        return (0...(count - subsequence.count)).contains { Array(self[$0..<($0 + subsequence.count)]) == subsequence }
    }
}
