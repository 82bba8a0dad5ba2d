import Testing

@testable import SpoolCore

/// The options of issue 5 (formats, presets, modes, loudness, output names, chapters), URL
/// hosts and batch files, as the validator reads them.
@Suite("Export options, URL hosts and batches")
struct ExportOptionsTests {
    let validator = JobValidator(roots: InputRoots(media: "/spool/media"))

    func job(_ text: String) throws -> Job {
        try validator.validate(bytes: Array(text.utf8), defaultID: "job").get()
    }

    func problems(_ text: String, hosts: HostAllowList = HostAllowList()) -> [String] {
        let checker = JobValidator(roots: validator.roots, allowedHosts: hosts)
        guard case .failure(let rejection) = checker.validate(bytes: Array(text.utf8), defaultID: "job") else { return [] }
        return rejection.problems.map { "\($0.field ?? "-"):\($0.code)" }
    }

    @Test func formatsPresetsAndTheirLimits() throws {
        let m4a = try job(#"{"kind": "mp3", "input": "a.wav", "options": {"format": "m4a", "bitrate": 256, "quality": "high"}}"#)
        #expect(m4a.options.format == .m4a && m4a.options.bitrate == 256 && m4a.options.quality == .high)
        #expect(
            problems(#"{"kind": "mp3", "input": "a.wav", "options": {"format": "flac", "bitrate": 128}}"#) == [
                "options.bitrate:invalid-field"
            ])
        #expect(
            problems(#"{"kind": "mp3", "input": "a.wav", "options": {"format": "opus", "sampleRate": 44100}}"#) == [
                "options.sampleRate:invalid-field"
            ])
        #expect(
            problems(#"{"kind": "mp3", "input": "a.wav", "options": {"format": "m4a", "vbrQuality": 2}}"#) == [
                "options.vbrQuality:invalid-field"
            ])
        #expect(problems(#"{"kind": "mp3", "input": "a.wav", "options": {"format": "aiff"}}"#) == ["options.format:invalid-field"])
        #expect(problems(#"{"kind": "mp3", "input": "a.wav", "options": {"quality": "ultra"}}"#) == ["options.quality:invalid-field"])
        // MP3 keeps LAME's steps and the rate/bitrate pairing.
        #expect(problems(#"{"kind": "mp3", "input": "a.wav", "options": {"bitrate": 100}}"#) == ["options.bitrate:invalid-field"])
    }

    @Test func copyModeRefusesEveryOptionThatNeedsDecoding() {
        let found = problems(
            #"{"kind": "concat", "inputs": ["a.mp3"], "options": {"mode": "copy", "normalize": true, "format": "m4a", "sampleRate": 48000}}"#
        )
        #expect(Set(found) == ["options.normalize:invalid-field", "options.format:invalid-field", "options.sampleRate:invalid-field"])
        #expect(problems(#"{"kind": "mp3", "input": "a.wav", "options": {"mode": "copy"}}"#) == ["options.mode:invalid-field"])
    }

    @Test func normalizeTakesTrueOrTargets() throws {
        #expect(try job(#"{"kind": "mp3", "input": "a.wav", "options": {"normalize": true}}"#).options.normalize == LoudnessTarget())
        #expect(try job(#"{"kind": "mp3", "input": "a.wav", "options": {"normalize": false}}"#).options.normalize == nil)
        let custom = try job(#"{"kind": "mp3", "input": "a.wav", "options": {"normalize": {"integratedLufs": -23}}}"#)
        #expect(custom.options.normalize == LoudnessTarget(integratedLUFS: -23, truePeakDBTP: -1))
        #expect(
            problems(#"{"kind": "mp3", "input": "a.wav", "options": {"normalize": {"integratedLufs": -80, "peak": 1}}}"#)
                == ["options.normalize.integratedLufs:invalid-field", "options.normalize.peak:invalid-field"])
        #expect(problems(#"{"kind": "mp3", "input": "a.wav", "options": {"normalize": "loud"}}"#) == ["options.normalize:invalid-field"])
        // The normalised job.json reads back the same.
        #expect(try validator.validate(custom.json, defaultID: nil).get() == custom)
    }

    @Test func outputNamesArePlainAndMatchTheFormat() throws {
        #expect(try job(#"{"kind": "mp3", "input": "a.wav", "options": {"outputName": "page-7"}}"#).options.outputName == "page-7.mp3")
        #expect(
            try job(#"{"kind": "mp3", "input": "a.wav", "options": {"outputName": "Page.7.m4a", "format": "m4a"}}"#).options.outputName
                == "Page.7.m4a")
        for bad in ["../x.mp3", "a/b.mp3", "status.json", "x.mp3.part", ".hidden.mp3", "x.wav"] {
            #expect(
                problems(#"{"kind": "mp3", "input": "a.wav", "options": {"outputName": "\#(bad)"}}"#) == [
                    "options.outputName:invalid-field"
                ],
                "\(bad)")
        }
    }

    @Test func chapterTitlesArePerInput() throws {
        let page = try job(#"{"kind": "page", "inputs": ["a.mp3", "b.mp3"], "chapters": ["Intro", "Body"]}"#)
        #expect(page.chapterTitles == ["Intro", "Body"])
        #expect(try validator.validate(page.json, defaultID: nil).get() == page)
        #expect(problems(#"{"kind": "page", "inputs": ["a.mp3", "b.mp3"], "chapters": ["Intro"]}"#) == ["chapters:invalid-field"])
        #expect(problems(#"{"kind": "mp3", "input": "a.wav", "chapters": ["Intro"]}"#) == ["chapters:invalid-field"])
    }

    @Test func urlInputsNeedAnAllowedHost() {
        let url = #"{"kind": "mp3", "input": "https://media.example.com/a.mp3"}"#
        #expect(problems(url) == ["input:host-not-allowed"])
        #expect(problems(url, hosts: HostAllowList(["media.example.com"])).isEmpty)
        #expect(problems(url, hosts: HostAllowList(["*.example.com"])).isEmpty)
        #expect(problems(url, hosts: HostAllowList(["example.com"])) == ["input:host-not-allowed"])
        // The host is what follows the userinfo, whatever the userinfo says.
        let disguised = #"{"kind": "mp3", "input": "https://media.example.com@10.0.0.1/a.mp3"}"#
        #expect(problems(disguised, hosts: HostAllowList(["media.example.com"])) == ["input:host-not-allowed"])
        #expect(
            problems(#"{"kind": "page", "inputs": ["a.mp3", "http://127.0.0.1:9/b.mp3"]}"#, hosts: HostAllowList(["localhost"]))
                == ["inputs[1]:host-not-allowed"])
    }

    @Test func callbacksNeedAnAllowedHost() {
        let job = #"{"kind": "mp3", "input": "a.wav", "callbackUrl": "https://hooks.example.com/done"}"#
        #expect(problems(job) == ["callbackUrl:host-not-allowed"])
        #expect(problems(job, hosts: HostAllowList(["hooks.example.com"])).isEmpty)
        #expect(problems(job, hosts: HostAllowList(["media.example.com"])) == ["callbackUrl:host-not-allowed"])
        let disguised = #"{"kind": "mp3", "input": "a.wav", "callbackUrl": "https://hooks.example.com@169.254.169.254/"}"#
        #expect(problems(disguised, hosts: HostAllowList(["hooks.example.com"])) == ["callbackUrl:host-not-allowed"])
    }

    @Test func hostPatterns() {
        let list = HostAllowList(["Media.Example.com", "*.cdn.net", "127.0.0.1"])
        #expect(list.allows(host: "media.example.com"))
        #expect(list.allows(host: "a.b.cdn.net"))
        #expect(!list.allows(host: "cdn.net"))
        #expect(!list.allows(host: "evilcdn.net"))
        #expect(list.allows(host: "127.0.0.1"))
        #expect(!list.allows(host: "127.0.0.2"))
        #expect(InputReference.host(ofURL: "http://user:pw@[::1]:8080/x") == "::1")
        #expect(InputReference.host(ofURL: "https://a.example.com:443?x=@evil") == "a.example.com")
        #expect(HostAllowList.problem(with: "exa mple.com") != nil)
        #expect(HostAllowList.problem(with: "*.example.com") == nil)
    }

    @Test func batchElementsAreJudgedOneByOne() throws {
        let text = #"[{"kind": "mp3", "input": "a.wav"}, {"kind": "mp3"}, {"id": "own", "kind": "mp3", "input": "c.wav"}]"#
        guard case .batch(let elements) = validator.validateFile(bytes: Array(text.utf8), stem: "book7") else {
            Issue.record("not a batch")
            return
        }
        #expect(elements.map(\.defaultID) == ["book7-1", "book7-2", "book7-3"])
        #expect(try elements[0].result.get().id == "book7-1")
        guard case .failure(let rejection) = elements[1].result else {
            Issue.record("element 2 has no input")
            return
        }
        #expect(rejection.first.field == "input")
        #expect(try elements[2].result.get().id == "own")
        // Ids are padded to the batch's width, so they sort in order.
        let twelve = "[" + Array(repeating: #"{"kind": "mp3", "input": "a.wav"}"#, count: 12).joined(separator: ",") + "]"
        guard case .batch(let many) = validator.validateFile(bytes: Array(twelve.utf8), stem: "b") else { return }
        #expect(many.first?.defaultID == "b-01" && many.last?.defaultID == "b-12")
        // An empty array is no batch.
        guard case .single(.failure) = validator.validateFile(bytes: Array("[]".utf8), stem: "b") else {
            Issue.record("[] must be rejected")
            return
        }
    }
}
