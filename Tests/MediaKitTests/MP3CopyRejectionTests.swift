import Foundation
import SystemPackage
import Testing

@testable import MediaKit

/// What frame copy refuses, and how it says so: parts that do not match, files that are not
/// layer III, damaged files, parts that fail or change while they are read. A failed join
/// leaves nothing behind.
@Suite("MP3 frame copy rejections")
struct MP3CopyRejectionTests {
    static let cbr = MP3CopyTests.cbr

    @Test func differentSampleRateIsNamed() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let names = try ws.makeParts(2, lame: Self.cbr)
        try ws.makeParts(1, lame: ["-b", "64", "-m", "m"], prefix: "low")  // 22.05 kHz: MPEG-2
        let all = names + ["low1.mp3"]
        let infos = try all.map { try ws.scan($0) }

        let reason = MP3FrameJoiner.mismatch(infos, names: all)

        #expect(reason == "part 3 (low1.mp3) is MPEG-2 22050 Hz mono, part 1 (p1.mp3) is MPEG-1 44100 Hz mono")
        #expect {
            try ws.join(all, to: "page.mp3", gapMilliseconds: 0)
        } throws: { error in
            (error as? MediaError)?.code == .unsupportedFormat && "\(error)".contains(reason ?? "?")
        }
        #expect(try ws.listing().filter { $0.hasPrefix("page") } == [])
    }

    @Test func stereoAmongMonoIsNamedButJointAndPlainStereoMix() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let mono = try ws.makeParts(2, lame: Self.cbr)
        try ws.makeParts(1, lame: ["-b", "128", "-m", "j", "--resample", "44.1"], stereo: true, prefix: "j")
        try ws.makeParts(1, lame: ["-b", "128", "-m", "s", "--resample", "44.1"], stereo: true, prefix: "s")
        let names = [mono[0], "j1.mp3", mono[1]]
        let infos = try names.map { try ws.scan($0) }

        #expect(
            MP3FrameJoiner.mismatch(infos, names: names)
                == "part 2 (j1.mp3) is MPEG-1 44100 Hz joint-stereo, part 1 (p1.mp3) is MPEG-1 44100 Hz mono")
        let stereo = try ["j1.mp3", "s1.mp3"].map { try ws.scan($0) }
        #expect(stereo.map(\.channelMode) == [.jointStereo, .stereo])
        #expect(MP3FrameJoiner.mismatch(stereo, names: ["j1.mp3", "s1.mp3"]) == nil)
        let (result, _) = try ws.join(["j1.mp3", "s1.mp3"], to: "stereo.mp3", gapMilliseconds: 200)
        #expect(result.channels == 2)
        #expect(try ws.decodeErrors("stereo.mp3") == "")
    }

    /// Non-MP3 inputs are refused by name: WAV, ADTS AAC, MP2 (layer II), free format; garbage,
    /// an empty file and a file cut inside its ID3v2 tag are invalid data.
    @Test func notLayerIIIIsRefusedByName() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "44100", "-c", "1", "tone.wav", "synth", "1", "sine", "440")
        try ws.run("ffmpeg", "-nostdin", "-v", "error", "-i", "tone.wav", "-c:a", "aac", "-f", "adts", "tone.aac")
        try ws.run("ffmpeg", "-nostdin", "-v", "error", "-i", "tone.wav", "-c:a", "mp2", "-f", "mp2", "tone.mp2")
        try ws.run("ffmpeg", "-nostdin", "-v", "error", "-i", "tone.wav", "-c:a", "aac", "tone.m4a")
        let names = try ws.makeParts(1, lame: Self.cbr)
        // Free format: every header's bitrate index set to 0 (frame lengths then come from sync).
        var free = try ws.bytes(names[0])
        for frame in try StrictFrames(bytes: free).frames { free[frame.offset + 2] &= 0x0F }
        try ws.write(free, to: "free.mp3")
        var random = SystemRandomNumberGenerator()
        try ws.write((0..<50_000).map { _ in UInt8.random(in: 0...0xFE, using: &random) }, to: "garbage.mp3")
        try ws.write([], to: "empty.mp3")
        try ws.write(TagBytes.id3v24(title: "cut", coverBytes: 5000, footer: false).prefix(1000).map { $0 }, to: "cut.mp3")

        let cases: [(String, MediaError.Code, String)] = [
            ("tone.wav", .unsupportedFormat, "a WAV file"),
            ("tone.aac", .unsupportedFormat, "an ADTS AAC stream"),
            ("tone.m4a", .unsupportedFormat, "an MP4/M4A file"),
            ("tone.mp2", .unsupportedFormat, "MPEG-1 layer II"),
            ("free.mp3", .unsupportedFormat, "free-format"),
            ("garbage.mp3", .invalidData, "no MPEG audio frames"),
            ("empty.mp3", .invalidData, "no audio"),
            ("cut.mp3", .invalidData, "truncated inside its ID3v2 tag"),
        ]
        for (name, code, text) in cases {
            do {
                let info = try ws.scan(name)
                Issue.record("\(name) scanned as \(info)")
            } catch let error as MediaError {
                #expect(error.code == code, "\(name): \(error)")
                #expect(error.message.contains("'\(name)'"), "\(error)")
                #expect(error.message.contains(text), "\(error)")
            }
        }
    }

    /// A part cut from a longer stream starts with a frame that borrows from the bit reservoir:
    /// the scan says so (as an independent reading of main_data_begin does) and mismatch names it.
    @Test func partStartingInTheReservoirIsRefused() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let names = try ws.makeParts(2, lame: ["-V", "6", "--resample", "44.1"])
        let frames = try StrictFrames(ws.path(names[1])).audioFrames
        let cut = try #require(frames.indices.dropFirst(10).first { frames[$0].mainDataBegin != 0 })
        try ws.write(frames[cut...].flatMap(\.bytes), to: "cut.mp3")
        let infos = try [names[0], "cut.mp3"].map { try ws.scan($0) }

        #expect(!infos[0].firstFrameUsesReservoir)
        #expect(infos[1].firstFrameUsesReservoir)
        #expect(infos[1].encoderDelay == nil)
        #expect(infos[1].frameCount == frames.count - cut)
        let reason = try #require(MP3FrameJoiner.mismatch(infos, names: [names[0], "cut.mp3"]))
        #expect(reason.hasPrefix("part 2 (cut.mp3) starts with a frame that uses the bit reservoir"))
    }

    /// A read error while joining names the part; nothing is left at the output path.
    @Test func readErrorNamesThePartAndLeavesNothing() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let names = try ws.makeParts(3, lame: Self.cbr)
        let infos = try names.map { try ws.scan($0) }
        let readable = try names.map { try ws.open($0) }
        let writeOnly = try ws.open(names[1], .writeOnly)
        defer {
            for descriptor in readable + [writeOnly] { try? descriptor.close() }
        }
        let parts = [
            MP3FrameJoiner.Part(descriptor: readable[0], name: names[0], title: "one"),
            MP3FrameJoiner.Part(descriptor: writeOnly, name: names[1], title: "two"),
            MP3FrameJoiner.Part(descriptor: readable[2], name: names[2], title: "three"),
        ]

        do {
            _ = try MP3FrameJoiner.join(
                parts: parts, infos: infos, gapMilliseconds: 100, tags: [:], chapters: true,
                to: FilePath(ws.path("page.mp3")), progress: { _ in })
            Issue.record("the join read a write-only descriptor")
        } catch {
            #expect(error.code == .io)
            #expect(error.message.hasPrefix("part 2 of 3 (p2.mp3): pread 'p2.mp3'"), "\(error)")
            #expect(error.function == "pread")
        }
        #expect(try ws.listing().filter { $0.hasPrefix("page") } == [])
    }

    /// A part that changed between its scan and the join fails the join, naming the part.
    @Test func partChangedSinceScanFailsTheJoin() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let names = try ws.makeParts(3, lame: Self.cbr)
        let descriptors = try names.map { try ws.open($0) }
        defer { for descriptor in descriptors { try? descriptor.close() } }
        let infos = try zip(descriptors, names).map { try MP3Scanner.scan($0, name: $1) }
        try ws.run("truncate", "-s", "\(try ws.size(of: names[2]) / 2)", names[2])  // in place: same inode

        let parts = zip(descriptors, names).map { MP3FrameJoiner.Part(descriptor: $0, name: $1, title: $1) }
        #expect {
            try MP3FrameJoiner.join(
                parts: parts, infos: infos, gapMilliseconds: 0, tags: [:], chapters: false,
                to: FilePath(ws.path("page.mp3")), progress: { _ in })
        } throws: { error in
            let error = error as? MediaError
            return error?.code == .invalidData
                && error?.message.hasPrefix("part 3 of 3 (p3.mp3) changed since it was scanned") == true
        }
        #expect(try ws.listing().filter { $0.hasPrefix("page") } == [])
    }

    @Test func noPartsIsAMismatch() {
        #expect(MP3FrameJoiner.mismatch([], names: []) == "there are no parts to join")
    }
}
