import Foundation
import MediaKit
import SystemPackage
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A long render streams: its peak memory does not grow with the length of the audio.
///
/// Measured in a child process (this test binary run again with a filter for
/// ``childRender()``), so the other tests running in parallel do not move the figure: the
/// child renders 5 minutes, notes its peak RSS (`getrusage` `ru_maxrss`), renders 40 minutes
/// (eight 5-minute parts, with chapters and output loudness), and notes it again. Measured:
/// +1.0 MiB for mp3, +4.0 MiB for m4a, +0.8 MiB for opus (peak about 80 MiB, most of it the
/// test runtime).
@Suite("Render: bounded memory")
struct MemoryTests {
    static let childVariable = "MEDIAKIT_MEMORY_CHILD"
    static let formatVariable = "MEDIAKIT_MEMORY_FORMAT"

    /// LAME, the mov muxer (whose sample index does grow: about 4 MB for 35 more minutes of
    /// 22.05 kHz AAC, inherent in writing `moov` at the end) and the Ogg muxer.
    @Test(arguments: [AudioFormat.mp3, .m4a, .opus])
    func longRenderDoesNotGrowMemory(format: AudioFormat) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        // 5 minutes of mono speech-band audio at 22.05 kHz (13 MB), used as every part.
        try ws.run(
            "sox", "-n", "-r", "22050", "-c", "1", "-b", "16", "part.wav", "synth", "300", "sine", "300-3000", "vol",
            "0.3")
        let process = Process()
        // At the lowest CPU priority: the child's figure is memory, not time, and the
        // timing-sensitive end-to-end tests running beside it must not starve.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nice")
        process.arguments = [
            "-n", "19", CommandLine.arguments[0], "--testing-library", "swift-testing", "--filter", "MemoryTests/childRender",
        ]
        process.environment = ProcessInfo.processInfo.environment.merging([
            Self.childVariable: ws.url.path, Self.formatVariable: format.rawValue,
        ]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")

        let short = try #require(Self.value("short", in: text), "\(text)")
        let long = try #require(Self.value("long", in: text), "\(text)")
        let seconds = try #require(Self.value("seconds", in: text))
        #expect(abs(Double(seconds) - 2400) < 1)
        // 40 minutes is 212 MB as float PCM and 19 MB encoded at 64 kbps: neither may be held.
        #expect(
            long - short < 8 << 20, "\(format): peak RSS \(short >> 20) MiB after 5 min, \(long >> 20) MiB after 40 min")
    }

    private static func value(_ key: String, in text: String) -> Int? {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("memory-\(key)=") }) else { return nil }
        return Int(line.split(separator: "=")[1])
    }

    /// Runs only in the child started by ``longRenderDoesNotGrowMemory()``; passes trivially otherwise.
    @Test func childRender() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let folder = environment[Self.childVariable] else { return }
        let format = environment[Self.formatVariable].flatMap(AudioFormat.init(rawValue:)) ?? .mp3
        let part = folder + "/part.wav"
        func render(parts count: Int, to name: String) throws -> RenderResult {
            var descriptors: [FileDescriptor] = []
            defer { for descriptor in descriptors { try? descriptor.close() } }
            for _ in 0..<count { descriptors.append(try FileDescriptor.open(FilePath(part), .readOnly)) }
            let request = RenderRequest(
                parts: descriptors.enumerated().map { RenderPart(descriptor: $1, name: "part.wav", title: "Part \($0)") },
                encoding: AudioEncoding(format: format, bitrateKbps: format.isLossless ? nil : 64), chapters: true,
                measureOutputLoudness: true,
                outputPath: FilePath(folder + "/" + name))
            return try AudioRenderer.render(request) { _ in }
        }
        _ = try render(parts: 1, to: "short.mp3")
        print("memory-short=\(Self.peakRSS())")
        let result = try render(parts: 8, to: "long.mp3")
        print("memory-long=\(Self.peakRSS())")
        print("memory-seconds=\(Int(result.outputDurationSeconds.rounded()))")
    }

    /// Peak resident set size of this process in bytes (`ru_maxrss` is in KiB on Linux).
    static func peakRSS() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }
}
