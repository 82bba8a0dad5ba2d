import Foundation
import Testing

@testable import MediaKit

/// ID3v2.4 tags, read back by ffprobe.
@Suite("ID3v2 tags")
struct TagTests {
    @Test func tagsReadBackIncludingUnicodeAndCustomKeys() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "44100", "-c", "1", "in.wav", "synth", "1", "sine", "440")
        let tags = [
            "title": "Épisode 42 — ünïcødé 🎙️",
            "artist": "Zoë & 李 🚀",
            "album": "Season 3",
            "albumArtist": "The Hosts",
            "date": "2024-05-01",
            "track": "42/50",
            "genre": "Podcast",
            "comment": "Recorded live — ça marche",
            "language": "fra",
            "transcriptId": "tt_b8b0df7",
        ]

        try ws.transcode("in.wav", to: "out.mp3", settings: MP3Settings(tags: tags))

        let read = try Probe(ws.path("out.mp3")).tags
        #expect(read["title"] == "Épisode 42 — ünïcødé 🎙️")
        #expect(read["artist"] == "Zoë & 李 🚀")
        #expect(read["album"] == "Season 3")
        #expect(read["album_artist"] == "The Hosts")
        #expect(read["date"] == "2024-05-01")
        #expect(read["track"] == "42/50")
        #expect(read["genre"] == "Podcast")
        #expect(read["comment"] == "Recorded live — ça marche")
        #expect(read["language"] == "fra")
        #expect(read["transcriptId"] == "tt_b8b0df7")
        #expect(read["encoder"] == "LAME 3.100")
        // The header is ID3v2.4.
        let head = [UInt8](try Data(contentsOf: URL(fileURLWithPath: ws.path("out.mp3"))).prefix(4))
        #expect(head == [0x49, 0x44, 0x33, 4])
    }

    @Test func framesAreSortedAndDeterministic() {
        let writer = ID3v2Writer(
            tags: ["year": "2023", "title": "T", "date": "2024", "zeta": "z", "alpha": "a"], encoderName: "LAME 3.100")
        #expect(writer.frames.map(\.id) == ["TXXX", "TDRC", "TIT2", "TXXX", "TSSE"])
        #expect(writer.frames[1] == .text("TDRC", "2024"))  // `date` sorts before `year`, which is dropped
        #expect(
            writer.encoded()
                == ID3v2Writer(
                    tags: ["alpha": "a", "zeta": "z", "title": "T", "date": "2024", "year": "2023"],
                    encoderName: "LAME 3.100"
                ).encoded())
        #expect(ID3v2Writer(tags: [:], encoderName: nil).encoded() == [])
    }

    @Test func synchsafeSizes() {
        #expect(ID3v2Frame.synchsafe(0) == [0, 0, 0, 0])
        #expect(ID3v2Frame.synchsafe(127) == [0, 0, 0, 127])
        #expect(ID3v2Frame.synchsafe(128) == [0, 0, 1, 0])
        #expect(ID3v2Frame.synchsafe(0x0FFF_FFFF) == [127, 127, 127, 127])
        let frame = ID3v2Frame.text("TIT2", String(repeating: "x", count: 300))
        #expect(Array(frame.encoded().prefix(10)) == Array("TIT2".utf8) + [0, 0, 2, 45, 0, 0])  // 301 = 2·128 + 45
    }

    /// The frame builders carry chapters: a tag with CTOC + CHAP in front of an MP3's audio is
    /// read by FFmpeg as chapters.
    @Test func chapterFramesAreReadAsChapters() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("sox", "-n", "-r", "44100", "-c", "1", "in.wav", "synth", "3", "sine", "440")
        try ws.transcode("in.wav", to: "plain.mp3")
        let plain = [UInt8](try Data(contentsOf: URL(fileURLWithPath: ws.path("plain.mp3"))))
        let oldTagSize = 10 + plain[6...9].reduce(0) { $0 << 7 | Int($1 & 0x7F) }

        var writer = ID3v2Writer(tags: ["title": "With chapters"], encoderName: nil)
        writer.frames.append(.tableOfContents(elementID: "toc", childElementIDs: ["ch0", "ch1"]))
        writer.frames.append(
            .chapter(elementID: "ch0", startMilliseconds: 0, endMilliseconds: 1500, subframes: [.text("TIT2", "Intro")])
        )
        writer.frames.append(
            .chapter(
                elementID: "ch1", startMilliseconds: 1500, endMilliseconds: 3000, subframes: [.text("TIT2", "Café ☕")]))
        try Data(writer.encoded() + plain[oldTagSize...]).write(to: URL(fileURLWithPath: ws.path("chapters.mp3")))

        let chapters = try Probe.chapters(ws.path("chapters.mp3"))
        try #require(chapters.count == 2)
        #expect(chapters[0].title == "Intro")
        #expect(chapters[1].title == "Café ☕")
        #expect(chapters[1].start == 1.5)
        #expect(chapters[1].end == 3.0)
        #expect(try Probe(ws.path("chapters.mp3")).tags["title"] == "With chapters")
    }
}
