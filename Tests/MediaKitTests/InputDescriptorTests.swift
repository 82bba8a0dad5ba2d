import Foundation
import MediaKit
import SystemPackage
import Testing

/// The transcoder reads the caller's descriptor from its current offset and leaves it open.
@Suite("Input descriptor")
struct InputDescriptorTests {
    @Test func readsFromCurrentOffset() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "44100", "-c", "1", "-b", "16", "in.wav", "synth", "2", "sine", "440")
        let prefix = Data(repeating: 0xAB, count: 1000)
        try (prefix + Data(contentsOf: URL(fileURLWithPath: ws.path("in.wav"))))
            .write(to: URL(fileURLWithPath: ws.path("prefixed.bin")))
        let descriptor = try FileDescriptor.open(FilePath(ws.path("prefixed.bin")), .readOnly)
        defer { try? descriptor.close() }
        try descriptor.seek(offset: 1000, from: .start)

        let result = try MP3Transcoder.transcode(
            input: descriptor, inputName: "in.wav", to: FilePath(ws.path("out.mp3")), settings: MP3Settings()
        ) { _ in }

        #expect(result.inputFormat == "wav")
        #expect(result.outputSamples == 88200)
        #expect(try Probe.decodedSamples(ws.path("out.mp3")) == 88200)
        // Still open: the caller owns it.
        #expect(try descriptor.seek(offset: 0, from: .start) == 0)
    }

    @Test func overwritesExistingOutputAtomically() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "44100", "-c", "1", "in.wav", "synth", "1", "sine", "440")
        try Data("old".utf8).write(to: URL(fileURLWithPath: ws.path("out.mp3")))

        try ws.transcode("in.wav", to: "out.mp3")

        #expect(try Probe(ws.path("out.mp3")).audio?.codecName == "mp3")
        #expect(try ws.listing() == ["in.wav", "out.mp3"])
    }
}

/// Feeds bytes into a pipe from another thread while `body` reads its read end.
enum PipeFeeder {
    static func feed<R>(_ bytes: Data, _ body: (FileDescriptor) throws -> R) throws -> R {
        let (reader, writer) = try FileDescriptor.pipe()
        let thread = Thread {
            _ = try? bytes.withUnsafeBytes { try writer.writeAll($0) }
            try? writer.close()
        }
        thread.start()
        defer { try? reader.close() }
        return try body(reader)
    }
}
