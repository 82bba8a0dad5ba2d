import Foundation
import Testing

@testable import MediaKit

/// Frame-copy page export: parts joined without decoding, judged frame by frame with an
/// independent parser (``StrictFrames``) and by decoding the output with ffmpeg.
@Suite("MP3 frame copy")
struct MP3CopyTests {
    static let cbr = ["-b", "64", "-m", "m", "--resample", "44.1"]

    /// lame settings for the byte-exact joins.
    static let encodings: [[String]] = [
        cbr,
        ["-V", "2", "--resample", "44.1"],  // VBR joint stereo (the parts are made stereo)
        ["-b", "64", "-m", "m"],  // espeak's 22.05 kHz: MPEG-2, 576-sample frames
        ["-b", "48", "-m", "m", "-p", "--resample", "11.025"],  // MPEG-2.5, CRC-16 on every frame
        ["-b", "32", "-m", "m"],  // MPEG-2 frames too small for a LAME tag: no delay or padding known
    ]

    /// Every audio frame of every part appears in the output byte for byte, in order, with only
    /// silent frames between parts; the Xing frame counts them; ffmpeg decodes exactly the
    /// samples the result promises, without a single error.
    @Test(arguments: encodings)
    func everyFrameIsCopiedByteForByte(lame: [String]) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let stereo = lame.contains("-V")
        let names = try ws.makeParts(3, lame: lame, stereo: stereo)

        let (result, infos) = try ws.join(names, to: "page.mp3", gapMilliseconds: 300)

        let output = try StrictFrames(ws.path("page.mp3"))
        let xing = try #require(output.frames.first)
        #expect(xing.xingID == (stereo ? "Xing" : "Info"))
        let written = output.audioFrames
        #expect(written.count == result.frames)
        #expect(xing.xingField(8) == result.frames, "the Xing frame count is the frames written")
        var cursor = 0
        var silent = 0
        for (index, name) in names.enumerated() {
            let part = try StrictFrames(ws.path(name)).audioFrames
            #expect(part.count == infos[index].frameCount)
            #expect(infos[index].firstFrameUsesReservoir == (part.first?.mainDataBegin != 0))
            if lame.contains("-p") { #expect(part.allSatisfy { $0.isProtected }) }
            try #require(cursor + part.count <= written.count)
            for (offset, frame) in part.enumerated() where written[cursor + offset].bytes != frame.bytes {
                Issue.record("\(name) frame \(offset) differs at output frame \(cursor + offset)")
                return
            }
            cursor += part.count
            while cursor < written.count, written[cursor].isSilent {
                cursor += 1
                silent += 1
            }
        }
        #expect(cursor == written.count, "the output has frames that are neither copied nor silent")
        #expect(silent == result.gapFrames)
        #expect(result.gapFrames > 0)
        #expect(result.channels == (stereo ? 2 : 1))
        #expect(try ws.decodeErrors("page.mp3") == "")
        #expect(try Probe.decodedSamples(ws.path("page.mp3")) == Int(result.decodedSamples))
    }

    /// Parts carrying ID3v2 (v2.3 unsynchronised with an extended header, v2.4 with a footer and
    /// cover art, ffmpeg's), ID3v1, APEv2, Lyrics3 and junk between frames: the tags and junk
    /// are gone from the output, every frame is intact, and the titles were read.
    @Test func tagsAndJunkAreStrippedFramesKept() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let names = try ws.makeParts(4, lame: Self.cbr)
        let plain = try names.map { try ws.bytes($0) }

        // p1: ID3v2.3, unsynchronised, extended header, UTF-16 title; then ID3v1.
        try ws.write(
            TagBytes.id3v23Unsynchronised(title: "Première ÿ partie") + plain[0] + TagBytes.id3v1(title: "v1 title"),
            to: "t1.mp3")
        // p2: ID3v2.4 with cover art before the title and a footer; APEv2 with header; Lyrics3 v2; ID3v1.
        try ws.write(
            TagBytes.id3v24(title: "Deuxième", coverBytes: 300_000, footer: true) + plain[1] + TagBytes.apev2(header: true)
                + TagBytes.lyrics3v2() + TagBytes.id3v1(title: "x"),
            to: "t2.mp3")
        // p3: junk before the first frame and between frames, an APEv2 footer-only tag, an appended ID3v2.4.
        let frames3 = try StrictFrames(bytes: plain[2]).frames
        var junked = Array(repeating: UInt8(0x00), count: 700) + [0xFF, 0xFB, 0x12]
        for (index, frame) in frames3.enumerated() {
            junked += frame.bytes
            if index == 5 { junked += [0xFF, 0xFB, 0x50, 0xC4, 0xFF, 0xE0, 0x01] }  // a false sync among junk
            if index == 9 { junked += Array("garbage between frames".utf8) }
        }
        try ws.write(
            junked + TagBytes.apev2(header: false) + TagBytes.id3v24(title: "appended", coverBytes: 0, footer: true, appended: true),
            to: "t3.mp3")
        // p4: ffmpeg's own tags (ID3v2.4, ID3v1) around a stream copy.
        try ws.run(
            "ffmpeg", "-nostdin", "-v", "error", "-i", names[3], "-c", "copy", "-metadata", "title=Quatrième",
            "-id3v2_version", "4", "-write_id3v1", "1", "t4.mp3")

        let tagged = ["t1.mp3", "t2.mp3", "t3.mp3", "t4.mp3"]
        let (result, infos) = try ws.join(tagged, to: "page.mp3", gapMilliseconds: 0)

        #expect(infos.map(\.title) == ["Première ÿ partie", "Deuxième", nil, "Quatrième"])
        #expect(infos[2].skippedBytes == 703 + 7 + 22)
        #expect(infos.allSatisfy { $0.encoderDelay != nil })
        let written = try StrictFrames(ws.path("page.mp3")).audioFrames
        let expected = try plain.flatMap { try StrictFrames(bytes: $0).audioFrames.map(\.bytes) }
        #expect(result.gapFrames == 0)
        #expect(written.count == expected.count)
        let firstDifference = zip(written, expected).enumerated().first { $0.element.0.bytes != $0.element.1 }?.offset
        #expect(firstDifference == nil, "the output differs from the parts' frames at frame \(firstDifference ?? -1)")
        for (name, original) in zip(tagged, plain) {
            #expect(try ws.scan(name).frameCount == StrictFrames(bytes: original).audioFrames.count, "\(name)")
        }
        #expect(try ws.decodeErrors("page.mp3") == "")
    }

    /// With a 500 ms gap the decoded output is the parts' decoded lengths plus the gaps, within
    /// half a frame per join; ffprobe reads the Xing frame's duration and the LAME tag (its CRC
    /// must match for the encoder string to show); the seek table rises; seeking decodes cleanly.
    @Test(arguments: [cbr, ["-V", "5", "--resample", "44.1"], ["-b", "64", "-m", "m"]])
    func durationsAddUpWithGaps(lame: [String]) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let names = try ws.makeParts(4, lame: lame)
        let gap = 500

        let (result, infos) = try ws.join(names, to: "page.mp3", gapMilliseconds: gap, tags: ["title": "Page"])

        let rate = infos[0].sampleRate
        let spf = infos[0].samplesPerFrame
        let partSamples = try names.map { try Probe.decodedSamples(ws.path($0)) }
        #expect(partSamples == infos.map { Int($0.decodedSamples) }, "the scan predicts what ffmpeg decodes")
        let decoded = try Probe.decodedSamples(ws.path("page.mp3"))
        #expect(decoded == Int(result.decodedSamples))
        let expected = partSamples.reduce(0, +) + (names.count - 1) * gap * rate / 1000
        #expect(abs(decoded - expected) <= (names.count - 1) * spf / 2, "decoded \(decoded), expected \(expected)")
        #expect(abs(result.durationSeconds - Double(decoded) / Double(rate)) < 1e-9)

        let probe = try Probe(ws.path("page.mp3"))
        #expect(probe.tags["title"] == "Page")
        #expect(probe.tags["encoder"] == MP3FrameJoiner.encoderName)
        // FFmpeg 5.1 reports the Xing frame count × samples per frame as the duration.
        let xingSeconds = Double(result.frames * spf) / Double(rate)
        #expect(abs((probe.durationSeconds ?? 0) - xingSeconds) < 0.001)
        let streamTags = try Tool.run([
            "ffprobe", "-v", "error", "-show_entries", "stream_tags=encoder", "-of", "csv=p=0", ws.path("page.mp3"),
        ])
        #expect(String(decoding: streamTags, as: UTF8.self).hasPrefix("LAME"), "ffmpeg accepts the LAME tag CRC")

        let xing = try #require(try StrictFrames(ws.path("page.mp3")).frames.first)
        let toc = (0..<100).map { xing.xingField(16 + $0, count: 1) }
        #expect(toc == toc.sorted() && toc[0] == 0 && toc[99] > 240)
        let audio = try StrictFrames(ws.path("page.mp3")).audioFrames.flatMap(\.bytes)
        #expect(xing.xingField(12) == xing.bytes.count + audio.count, "Xing bytes: its frame and the audio")
        let lame = 120
        let delays = xing.xingField(lame + 21, count: 3)
        #expect(delays >> 12 == infos[0].encoderDelay ?? 0)
        #expect(delays & 0xFFF == infos[3].encoderPadding ?? 0)
        #expect(xing.xingField(lame + 28) == xing.xingField(12), "music length is the stream's bytes")
        #expect(xing.xingField(lame + 32, count: 2) == Int(TagBytes.crc16(audio)), "music CRC")
        let seek = try Tool.run([
            "sh", "-c", "ffmpeg -nostdin -v error -ss 4.2 -i \"$0\" -f s16le - 2>&1 >/dev/null", ws.path("page.mp3"),
        ])
        #expect(seek.isEmpty)
    }

    /// With no gap, each join keeps the previous part's padding and the next part's delay: the
    /// output decodes to exactly the parts plus those, which for LAME 3.100 parts is more than one
    /// frame and at most two per join.
    @Test(arguments: [cbr, ["-b", "64", "-m", "m"]])
    func zeroGapKeepsPaddingAndDelay(lame: [String]) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let names = try ws.makeParts(4, lame: lame)

        let (result, infos) = try ws.join(names, to: "page.mp3", gapMilliseconds: 0)

        #expect(result.gapFrames == 0)
        let decoded = try Probe.decodedSamples(ws.path("page.mp3"))
        #expect(decoded == Int(result.decodedSamples))
        let parts = try names.map { try Probe.decodedSamples(ws.path($0)) }.reduce(0, +)
        let kept = (1..<infos.count).map { (infos[$0 - 1].encoderPadding ?? 0) + (infos[$0].encoderDelay ?? 0) }
        #expect(decoded == parts + kept.reduce(0, +))
        let spf = infos[0].samplesPerFrame
        #expect(kept.allSatisfy { $0 > 1152 && $0 <= 1152 + spf }, "kept \(kept) samples at the joins, \(spf) per frame")
    }

    /// Chapters: one CHAP per part with its title, at the times the result reports (±1 ms), which
    /// follow from the parts' decoded lengths and the gaps; the output decoded inside each
    /// chapter is the part itself, sample for sample.
    @Test func chaptersMarkEachPart() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let names = try ws.makeParts(3, lame: Self.cbr)

        let (result, infos) = try ws.join(names, to: "page.mp3", gapMilliseconds: 400, chapters: true)

        let chapters = try Probe.chapters(ws.path("page.mp3"))
        try #require(chapters.count == 3)
        #expect(result.chapters.count == 3)
        let rate = Double(infos[0].sampleRate)
        let frame = Double(infos[0].samplesPerFrame) / rate
        let output = try ws.decoded("page.mp3")
        var expectedStart = 0.0
        for (index, name) in names.enumerated() {
            let chapter = chapters[index]
            #expect(chapter.title == "Title of \(name)")
            #expect(abs(chapter.start - result.chapters[index].startSeconds) <= 0.001)
            #expect(abs(chapter.end - result.chapters[index].endSeconds) <= 0.001)
            #expect(abs(chapter.start - expectedStart) <= frame / 2 * Double(index) + 0.001)
            let part = try ws.decoded(name)
            #expect(abs(chapter.end - chapter.start - Double(part.count) / rate) <= 0.001)
            expectedStart = chapter.end + 0.4

            let start = Int((result.chapters[index].startSeconds * rate).rounded())
            try #require(start + part.count <= output.count)
            let peak = part.map { abs(Int($0)) }.max() ?? 0
            let difference = (0..<part.count).map { abs(Int(output[start + $0]) - Int(part[$0])) }.max() ?? 0
            #expect(peak > 1000)
            // A silent frame leaves the decoder's overlap state at zero, as at the start of a file.
            #expect(difference == 0, "part \(index + 1) differs by \(difference) (peak \(peak)) inside its chapter")
        }
    }

    /// The silent frames between parts decode to digital silence.
    @Test(arguments: [cbr, ["-V", "2", "--resample", "44.1"], ["-b", "64", "-m", "m"]])
    func gapFramesDecodeToSilence(lame: [String]) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let names = try ws.makeParts(3, lame: lame, stereo: lame.contains("-V"))

        let (result, infos) = try ws.join(names, to: "page.mp3", gapMilliseconds: 700)

        let frames = try StrictFrames(ws.path("page.mp3")).audioFrames
        let spf = infos[0].samplesPerFrame
        let lead = (infos[0].encoderDelay ?? 0) + 529
        let output = try ws.decoded("page.mp3")
        var checked = 0
        var index = 0
        while index < frames.count {
            guard frames[index].isSilent else {
                index += 1
                continue
            }
            let first = index
            while index < frames.count, frames[index].isSilent { index += 1 }
            // The decoder's output for frame i starts at i × spf (then shifted by the trimmed lead);
            // the first silent frame still carries the overlap of the last copied frame (the
            // encoded padding, near silence).
            let overlap = output[(first * spf - lead)..<((first + 1) * spf - lead)].map { abs(Int($0)) }.max() ?? 0
            #expect(overlap <= 8)
            let range = ((first + 1) * spf - lead)..<(index * spf - lead)
            let peak = output[range].map { abs(Int($0)) }.max() ?? 0
            #expect(peak == 0, "gap frames \(first)..<\(index) decode with peak \(peak)")
            checked += range.count
        }
        #expect(result.gapFrames >= 2 * 20)
        #expect(checked >= (result.gapFrames - 2) * spf)
    }

    /// Progress moves probing → encoding → finalizing; fractions (bytes copied over all bytes)
    /// never go backwards and end at 1.
    @Test func progressReportsPhasesAndByteFractions() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let names = try ws.makeParts(3, lame: Self.cbr)
        var reports: [TranscodeProgress] = []

        let (result, _) = try ws.join(names, to: "page.mp3", gapMilliseconds: 100) { reports.append($0) }

        let phases = reports.map(\.phase)
        #expect(phases.first == .probing)
        #expect(phases.contains(.encoding))
        #expect(phases.last == .finalizing)
        let fractions = reports.compactMap(\.fraction)
        #expect(fractions == fractions.sorted())
        #expect(fractions.last == 1)
        #expect(reports.allSatisfy { abs(($0.durationSeconds ?? 0) - result.durationSeconds) < 1e-9 })
    }
}
