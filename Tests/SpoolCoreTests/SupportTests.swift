import Testing

@testable import SpoolCore

@Suite("Small parts")
struct SupportTests {
    @Test func inboxNames() {
        #expect(InboxName.isCandidate("ep42.json"))
        #expect(InboxName.isCandidate("EP42.JSON"))
        for ignored in [
            ".ep42.json", ".ep42.json.Xa12bC", "ep42.json.tmp", "ep42.json.part", "ep42.json~", "ep42.json.filepart", "ep42.wav", ".json",
            "notes.txt",
        ] {
            #expect(!InboxName.isCandidate(ignored), "\(ignored)")
        }
        #expect(InboxName.stem("ep42.json") == "ep42")
        #expect(InboxName.rejectedBase("my job (1).json") == "my_job__1_")
        #expect(InboxName.rejectedBase("--.json") == "job")
        #expect(InboxName.rejectedBase("été.json") == "t_")
    }

    /// A name that is not UTF-8 gets a UTF-8 one intake can open; UTF-8 names are left alone.
    @Test func namesThatAreNotUTF8AreRepaired() {
        #expect(InboxName.repairedName(Array("été 1.json".utf8)) == nil)
        #expect(InboxName.repairedName(Array("caf".utf8) + [0xE9] + Array(".json".utf8)) == "caf%E9.json")
        #expect(InboxName.repairedName([0xFF, 0x25, 0x20, 0x0A] + Array("x.json".utf8)) == "%FF%25%20%0Ax.json")
    }

    @Test func timestampsRoundTripAndNeverRepeat() throws {
        let first = Timestamp.now()
        let second = Timestamp.now()
        #expect(second > first)
        #expect(Timestamp(iso8601: first.description) == first)
        #expect(Timestamp(iso8601: "2026-11-23T08:10:00Z")?.description == "2026-11-23T08:10:00.000000Z")
        #expect(
            Timestamp(iso8601: "2026-11-23T08:10:00.5Z")?.microseconds == Timestamp(iso8601: "2026-11-23T08:10:00Z")!.microseconds + 500_000
        )
        #expect(Timestamp(iso8601: "yesterday") == nil)
        // Strict: the one form, a real date, nothing after the Z.
        #expect(Timestamp(iso8601: "2026-11-23T08:10:00.123456789Z")?.microseconds.isMultiple(of: 1_000_000) == false)
        #expect(Timestamp(iso8601: "2024-02-29T00:00:00Z") != nil)
        for bad in [
            "2026-11-23T08:10:00.Z", "2026-11-23T08:10:00xZ", "2026x11-23T08:10:00Z", "2026-11-23T08:10:00+00:00", "2026-11-23t08:10:00z",
            "2025-02-29T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T08:10:60Z",
            "2026-11-23T08:10:00.1234567890Z", "2026-11-23T08:10:00abcdZ",
        ] {
            #expect(Timestamp(iso8601: bad) == nil, "\(bad)")
        }
    }

    @Test func backoffDoublesUpToItsCap() {
        let configuration = SchedulerConfiguration(workers: 1, workerExecutable: "/bin/false", retryBaseSeconds: 5, retryMaxSeconds: 60)
        let ceilings: [Double] = [5, 10, 20, 40, 60, 60]
        for _ in 0..<50 {
            let delays = (1...6).map { configuration.backoff(afterAttempt: $0) }
            for (delay, ceiling) in zip(delays, ceilings) { #expect(delay >= ceiling / 2 && delay <= ceiling, "\(delays)") }
        }
        // Jittered: jobs that failed together do not all return together.
        let spread = Set((0..<20).map { _ in configuration.backoff(afterAttempt: 3) })
        #expect(spread.count > 10)
    }

    @Test func inotifyRecordsAreParsed() {
        func record(mask: UInt32, name: String) -> [UInt8] {
            var bytes: [UInt8] = []
            let padded = Array(name.utf8) + [UInt8](repeating: 0, count: 16 - name.utf8.count % 16)
            for word in [UInt32(1), mask, 0, UInt32(padded.count)] {
                bytes += [UInt8(word & 0xFF), UInt8(word >> 8 & 0xFF), UInt8(word >> 16 & 0xFF), UInt8(word >> 24)]
            }
            return bytes + padded
        }
        let bytes = record(mask: 0x8, name: "a.json") + record(mask: 0x4000, name: "") + record(mask: 0x80, name: "b.json")
        #expect(Inotify.parse(bytes[...]) == [.file("a.json"), .overflow, .file("b.json")])
        // Folders (IN_ISDIR): renamed in (IN_MOVED_TO) is whole; created in place (IN_CREATE) may be filling.
        let folders =
            record(mask: 0x4000_0080, name: "ep42") + record(mask: 0x4000_0100, name: "copy") + record(mask: 0x4000_0008, name: "x")
        #expect(Inotify.parse(folders[...]) == [.folder("ep42", renamedIn: true), .folder("copy", renamedIn: false)])
    }
}
