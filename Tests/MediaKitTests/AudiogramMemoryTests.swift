import Foundation
import MediaKit
import SystemPackage
import Testing

/// A 2-hour audiogram streams: what the worker's peak memory gains between 10 minutes and 2 hours
/// is the mp4 index (`moov` must list every sample: libavformat keeps a 64-byte entry per sample
/// and builds the tables and the `+faststart` move from them at the end), nothing else. Measured in a child process (this test binary run again with a filter
/// for ``childRender()``), as ``MemoryTests`` does, so parallel tests do not move the figure.
/// The frame is small and the rate low so 2 hours render in well under a minute; what is
/// measured (decoder, resampler, one frame's audio, both encoders, the muxer) is the same as at
/// full size, whose frame buffers are fixed in size.
@Suite("Audiogram: bounded memory")
struct AudiogramMemoryTests {
    static let childVariable = "MEDIAKIT_AUDIOGRAM_MEMORY_CHILD"

    @Test func twoHoursKeepMemoryFlat() async throws {
        let ws = try Workspace()
        defer { ws.remove() }
        // Speech-band noise at 8 kHz: 10 minutes (9.6 MB) and 2 hours (115 MB).
        try ws.run("sox", "-n", "-r", "8000", "-c", "1", "-b", "16", "short.wav", "synth", "600", "pinknoise", "vol", "0.3")
        try ws.run("sox", "short.wav", "long.wav", "repeat", "11")
        let process = Process()
        // At the lowest CPU priority: the child's figure is memory, not time, and the
        // timing-sensitive end-to-end tests running beside it must not starve.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nice")
        process.arguments = [
            "-n", "19", CommandLine.arguments[0], "--testing-library", "swift-testing", "--filter", "AudiogramMemoryTests/childRender",
        ]
        process.environment = ProcessInfo.processInfo.environment.merging([Self.childVariable: ws.url.path]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = await ChildProcess.output(of: process, pipe: output)
        #expect(process.terminationStatus == 0, "\(text)")
        func value(_ key: String) -> Int? {
            text.split(separator: "\n").first { $0.hasPrefix("memory-\(key)=") }.flatMap { Int($0.split(separator: "=")[1]) }
        }
        let short = try #require(value("short"), "\(text)")
        let long = try #require(value("long"), "\(text)")
        let frames = try #require(value("frames"))
        #expect(frames == 7200 * 5)
        // 2 hours is 230 MB as float PCM, 830 MB as raw frames even at this size (10 GB at 1280×720):
        // none of it may be held. The index may grow: 160 bytes for each of the 84,563 more samples
        // (video frames and 1024-sample AAC packets), about 13.5 MB; measured 11.3 MiB.
        let moreSamples = (7200 - 600) * 5 + (7200 - 600) * 8000 / 1024
        #expect(
            long - short < (2 << 20) + 160 * moreSamples,
            "peak RSS \(short >> 20) MiB after 10 min, \(long >> 20) MiB after 2 h")
        print("audiogram peak RSS: \(short >> 10) KiB after 10 min, \(long >> 10) KiB after 2 h")
    }

    /// Runs only in the child started by ``twoHoursKeepMemoryFlat()``; passes trivially otherwise.
    @Test func childRender() throws {
        guard let folder = ProcessInfo.processInfo.environment[Self.childVariable] else { return }
        func render(_ name: String) throws -> AudiogramResult {
            let descriptor = try FileDescriptor.open(FilePath(folder + "/" + name), .readOnly)
            defer { try? descriptor.close() }
            var request = AudiogramRequest(
                input: descriptor, inputName: name, outputPath: FilePath(folder + "/" + name + ".mp4"), width: 160, height: 96, fps: 5)
            request.preset = "ultrafast"
            request.audioBitrateKbps = 16
            // A caption every 10 s, each drawn when it comes on screen.
            request.captions = (0..<720).map { AudiogramCaption(start: Double($0) * 10, end: Double($0) * 10 + 8, text: "Caption \($0)") }
            request.captionRect = PixelRect(x: 0, y: 60, width: 160, height: 30)
            request.paintCaption = { _ in CaptionBitmap(width: 100, height: 20, coverage: [UInt8](repeating: 200, count: 2000)) }
            return try AudiogramRenderer.render(request) { _ in }
        }
        _ = try render("short.wav")
        print("memory-short=\(MemoryTests.peakRSS())")
        let result = try render("long.wav")
        print("memory-long=\(MemoryTests.peakRSS())")
        print("memory-frames=\(result.videoFrames)")
    }
}
