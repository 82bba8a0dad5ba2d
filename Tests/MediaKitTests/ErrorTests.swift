import Foundation
import MediaKit
import Testing

/// Bad inputs and bad settings fail with the right code, and leave neither output nor `.part`.
@Suite("Errors")
struct ErrorTests {
    /// Transcodes `input` and returns the error, checking that nothing was left behind.
    private func failure(
        _ ws: Workspace, _ input: String, settings: MP3Settings = MP3Settings(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> MediaError {
        let before = try ws.listing()
        let error = #expect(throws: MediaError.self, sourceLocation: sourceLocation) {
            try ws.transcode(input, to: "out.mp3", settings: settings)
        }
        #expect(!ws.exists("out.mp3"), sourceLocation: sourceLocation)
        #expect(!ws.exists("out.mp3.part"), sourceLocation: sourceLocation)
        #expect(try ws.listing() == before, sourceLocation: sourceLocation)
        return try #require(error, sourceLocation: sourceLocation)
    }

    @Test func textFileNamedWav() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try Data(String(repeating: "This is a shopping list, not audio.\n", count: 200).utf8)
            .write(to: URL(fileURLWithPath: ws.path("list.wav")))

        let error = try failure(ws, "list.wav")

        #expect(error.code == .unsupportedFormat || error.code == .invalidData, "\(error)")
        #expect(!error.isTransient)
        #expect(error.message.contains("list.wav"))
    }

    /// A FLAC signature followed by noise (fixed seeds, so a failure can be reproduced).
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func corruptFlac(seed: UInt64) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        var generator = SplitMix64(seed: seed)
        let bytes = Array("fLaC".utf8) + (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: URL(fileURLWithPath: ws.path("broken.flac")))

        let error = try failure(ws, "broken.flac")

        #expect(error.code == .invalidData, "\(error)")
        #expect(error.function != nil)
        #expect(error.rawCode != nil)
    }

    /// Damage in the middle of a FLAC or M4A: the bad packets are skipped (as the ffmpeg CLI
    /// does) and the rest of the audio is exported.
    @Test(arguments: ["flac", "m4a"])
    func corruptPacketsAreSkipped(ext: String) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "44100", "-c", "2", "src.wav", "synth", "3", "sine", "440")
        try ws.run("ffmpeg", "-nostdin", "-v", "error", "-i", "src.wav", "in.\(ext)")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: ws.path("in.\(ext)"))))
        var generator = SplitMix64(seed: 7)
        for index in (bytes.count / 2)..<(bytes.count / 2 + 3000) {
            bytes[index] = UInt8.random(in: 0...255, using: &generator)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: ws.path("damaged.\(ext)")))

        let result = try ws.transcode("damaged.\(ext)", to: "out.mp3")

        #expect(result.skippedCorruptPackets > 0)
        #expect(result.decodedInputSeconds > 2.5)
        #expect(Double(try Probe.decodedSamples(ws.path("out.mp3"))) / 44100 > 2.5)
    }

    @Test func videoOnlyMP4() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run(
            "ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x64:rate=10:duration=1",
            "-c:v", "mpeg4", "video.mp4")

        let error = try failure(ws, "video.mp4")

        #expect(error.code == .noAudioStream, "\(error)")
        #expect(error.code.description == "no-audio-stream")
    }

    /// An HLS playlist disguised as MP3 must not make FFmpeg open the files it names.
    @Test func playlistNamedMP3() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n"
        try Data(playlist.utf8).write(to: URL(fileURLWithPath: ws.path("x.mp3")))

        let error = try failure(ws, "x.mp3")

        #expect(error.code == .unsupportedFormat, "\(error)")
        #expect(error.message.contains("hls"))
    }

    /// Even with hls put on the whitelist, a playlist cannot make the demuxer open another local
    /// file: nested opens are refused (`io_open`), so the only input is the caller's descriptor.
    @Test func playlistCannotOpenOtherFilesEvenIfWhitelisted() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        // An ADTS AAC segment: a format FFmpeg's hls demuxer accepts as a segment.
        try ws.run("sox", "-n", "-r", "44100", "-c", "1", "secret.wav", "synth", "1", "sine", "440")
        try ws.run("ffmpeg", "-nostdin", "-v", "error", "-i", "secret.wav", "-c:a", "aac", "secret.aac")
        let playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile://\(ws.path("secret.aac"))\n#EXT-X-ENDLIST\n"
        try Data(playlist.utf8).write(to: URL(fileURLWithPath: ws.path("list.m3u8")))
        var limits = DecodeLimits.default
        limits.formatWhitelist.append("hls")

        #expect(throws: MediaError.self) { try ws.transcode("list.m3u8", to: "out.mp3", limits: limits) }
        #expect(try ws.listing() == ["list.m3u8", "secret.aac", "secret.wav"])
    }

    @Test func emptyAudio() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        // A valid 16-bit mono WAV header with a data chunk of 0 bytes.
        func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
        func le16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
        var header = Array("RIFF".utf8) + le32(36) + Array("WAVEfmt ".utf8) + le32(16)
        header += le16(1) + le16(1) + le32(44100) + le32(88200) + le16(2) + le16(16)
        header += Array("data".utf8) + le32(0)
        try Data(header).write(to: URL(fileURLWithPath: ws.path("empty.wav")))

        let error = try failure(ws, "empty.wav")

        #expect(error.code == .emptyAudio, "\(error)")
    }

    @Test(arguments: [
        ("bitrate 999", MP3Settings(rateControl: .constant(kbps: 999)), "999"),
        ("VBR 12", MP3Settings(rateControl: .variable(quality: 12)), "quality 12"),
        ("VBR -1", MP3Settings(rateControl: .variable(quality: -1)), "quality -1"),
        ("3 channels", MP3Settings(channels: 3), "channels 3"),
        ("0 channels", MP3Settings(channels: 0), "channels 0"),
        ("rate 44000", MP3Settings(sampleRate: 44000), "44000"),
        ("320 kbps at 22050 Hz", MP3Settings(rateControl: .constant(kbps: 320), sampleRate: 22050), "320"),
        ("8 kbps at 44100 Hz", MP3Settings(rateControl: .constant(kbps: 8), sampleRate: 44100), "8 kbps"),
    ])
    func invalidSettings(name: String, settings: MP3Settings, mentions: String) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "44100", "-c", "2", "in.wav", "synth", "1", "sine", "440")

        let error = try failure(ws, "in.wav", settings: settings)

        #expect(error.code == .invalidSettings, "\(name): \(error)")
        #expect(error.message.contains(mentions), "\(error.message)")
    }

    /// The rate comes from a 16 kHz input (MPEG-2), where 320 kbps does not exist: found after probing.
    @Test func bitrateInvalidForInputDerivedRate() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "16000", "-c", "1", "in.wav", "synth", "1", "sine", "440")

        let error = try failure(ws, "in.wav", settings: MP3Settings(rateControl: .constant(kbps: 320)))

        #expect(error.code == .invalidSettings, "\(error)")
        #expect(error.message.contains("16000"))
    }

    @Test func formatNotOnCallersWhitelist() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "44100", "-c", "1", "in.wav", "synth", "1", "sine", "440")
        var limits = DecodeLimits.default
        limits.formatWhitelist = ["flac", "mp3"]

        #expect(throws: MediaError.self) { try ws.transcode("in.wav", to: "out.mp3", limits: limits) }
        do {
            try ws.transcode("in.wav", to: "out.mp3", limits: limits)
        } catch MediaError.Code.unsupportedFormat {
            // matched through the `~=` pattern on the code
        } catch {
            Issue.record("expected unsupported-format, got \(error)")
        }
        #expect(try ws.listing() == ["in.wav"])
    }

    @Test func unwritableOutputIsTransient() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "44100", "-c", "1", "in.wav", "synth", "1", "sine", "440")

        let error = #expect(throws: MediaError.self) {
            try ws.transcode("in.wav", to: "missing-folder/out.mp3")
        }

        #expect(error?.code == .io)
        #expect(error?.isTransient == true)
        #expect(error?.function == "open")
    }

    @Test func codeDescriptions() {
        let codes: [MediaError.Code] = [
            .unsupportedFormat, .invalidData, .noAudioStream, .decoderNotFound, .emptyAudio, .invalidSettings, .io,
            .outOfMemory, .encoder, .internal,
        ]
        #expect(
            codes.map(\.description) == [
                "unsupported-format", "invalid-data", "no-audio-stream", "decoder-not-found", "empty-audio",
                "invalid-settings", "io", "out-of-memory", "encoder", "internal",
            ])
        #expect(Set(codes).count == codes.count)
        #expect(MediaError(.outOfMemory, "x").isTransient)
        #expect(!MediaError(.invalidData, "x").isTransient)
        #expect(MediaError(.io, "disk full").description == "io: disk full")
    }
}

/// A small seeded generator for reproducible noise.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
