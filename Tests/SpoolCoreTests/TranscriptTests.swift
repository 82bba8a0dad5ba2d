import Testing

@testable import SpoolCore

/// Transcript files (WebVTT, SRT, JSON) read into segments, errors that name the line, and
/// plain text spread over the audio by sentence.
@Suite("Transcripts")
struct TranscriptTests {
    func parse(_ text: String, name: String) throws(TranscriptError) -> [TranscriptSegment] {
        try TranscriptParser.parse(Array(text.utf8), name: name)
    }

    func failure(_ text: String, name: String) -> TranscriptError? {
        do {
            _ = try parse(text, name: name)
            return nil
        } catch {
            return error
        }
    }

    @Test func webVTTWithIdentifiersNotesMarkupAndEntities() throws {
        let text = """
            \u{FEFF}WEBVTT - episode 42
            Kind: captions

            NOTE written by hand
            over two lines

            intro
            00:00.000 --> 00:02.400 align:start position:10%
            <v Ana>Hello &amp; welcome</v> to <i>the</i> show

            00:01:02.500 --> 00:01:05.000
            Second <c.loud>cue</c>, a < b,
            over <00:01:03.000>two lines
            """
        let segments = try parse(text, name: "ep42.vtt")
        #expect(
            segments == [
                TranscriptSegment(start: 0, end: 2.4, text: "Hello & welcome to the show"),
                TranscriptSegment(start: 62.5, end: 65, text: "Second cue, a < b,\nover two lines"),
            ])
    }

    @Test func srtWithCRLFAndTags() throws {
        let text = "1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>One</i> {\\an8}line\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nTwo\r\n"
        let segments = try parse(text, name: "a.srt")
        #expect(segments.map(\.text) == ["One line", "Two"])
        #expect(segments.map(\.start) == [1, 3] && segments.map(\.end) == [2.5, 4])
    }

    @Test func jsonSegmentsOrBareArrayInTimeOrder() throws {
        let object =
            #"{"segments": [{"start": 3, "end": 4, "text": "later", "speaker": "B"}, {"start": 0, "end": 1.5, "text": " first  one "}]}"#
        #expect(try parse(object, name: "t.json").map(\.text) == ["first one", "later"])
        #expect(try parse(#"[{"start": 0, "end": 1, "text": "bare"}]"#, name: "t.json").count == 1)
    }

    @Test(arguments: [
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nfine\n\n00:0x.000 --> 00:02.000\nbad time\n", "a.vtt", 6, "is not a time"),
        ("WEBVTT\n\n00:03.000 --> 00:01.000\nbackwards\n", "a.vtt", 3, "before it starts"),
        ("not a header\n\n00:00.000 --> 00:01.000\nx\n", "a.vtt", 1, "starts with the line WEBVTT"),
        ("1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\njust text\nno timing\n", "a.srt", 5, "timing line"),
        ("1\n00:00:01,000 -> 00:00:02,000\nmissing arrow\n", "a.srt", 1, "timing line"),
    ])
    func malformedCuesNameTheirLine(text: String, name: String, line: Int, reason: String) {
        let error = failure(text, name: name)
        #expect(error?.line == line, "\(String(describing: error))")
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
    }

    @Test func malformedFilesSayWhy() {
        #expect(failure(#"{"segments": [{"start": 2, "end": 1, "text": "x"}]}"#, name: "t.json")?.reason.contains("segments[0]") == true)
        #expect(failure(#"{"segments": [{"start": 0, "end": 1, "text": "x"},"#, name: "t.json")?.reason.contains("line 1") == true)
        #expect(failure("WEBVTT\n", name: "empty.vtt")?.reason.contains("no cues") == true)
        var invalid = Array("1\n00:00:01,000 --> 00:00:02,000\n".utf8)
        invalid += [0xC3, 0x28, 10]
        #expect(throws: TranscriptError(line: 3, "is not valid UTF-8")) { try TranscriptParser.parse(invalid, name: "a.srt") }
    }

    @Test func plainTextIsSpreadBySentenceInProportionToLength() {
        let segments = TranscriptSpreader.spread("Short one. A much longer second sentence here!\nThird?  Yes.", over: 10)
        #expect(segments.map(\.text) == ["Short one.", "A much longer second sentence here!", "Third?", "Yes."])
        #expect(segments.first?.start == 0 && segments.last?.end == 10)
        for (earlier, later) in zip(segments, segments.dropFirst()) { #expect(earlier.end == later.start) }
        let durations = segments.map { $0.end - $0.start }
        #expect(durations[1] > 3 * durations[0])
        #expect(TranscriptSpreader.split("Dr. Who said \"stop.\" Then left.") == ["Dr.", "Who said \"stop.\"", "Then left."])
    }

    @Test func jobTranscriptSources() throws {
        let validator = JobValidator(roots: InputRoots(media: "/spool/media"))
        func job(_ text: String) throws -> Job { try validator.validate(bytes: Array(text.utf8), defaultID: "j").get() }
        #expect(try job(#"{"kind": "carousel", "transcript": "Hi. There."}"#).transcriptSource == .text("Hi. There."))
        #expect(try job(#"{"kind": "mp4", "input": "a.wav", "transcriptFile": "ep.vtt"}"#).transcriptSource == .file("ep.vtt"))
        #expect(
            try job(#"{"kind": "mp4", "input": "a.wav", "transcript": {"segments": [{"start": 0, "end": 1, "text": "x"}]}}"#)
                .transcriptSource == .segments([TranscriptSegment(start: 0, end: 1, text: "x")]))
        let escape = validator.validate(bytes: Array(#"{"kind": "carousel", "transcriptFile": "../../etc/passwd"}"#.utf8), defaultID: "j")
        guard case .failure(let rejection) = escape else { Issue.record("a transcript file outside media/ was accepted"); return }
        #expect(rejection.first.field == "transcriptFile" && rejection.first.code == .invalidPath)
    }
}
