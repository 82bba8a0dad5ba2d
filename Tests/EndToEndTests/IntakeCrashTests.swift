import Foundation
import SpoolCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// RELIABILITY.md §9.1: kill -9 the daemon at random moments while it takes in a burst of
/// drops. Afterwards every job is in exactly one place, whole, and nothing is left staged.
@Suite("Intake under kill -9")
struct IntakeCrashTests {
    @Test func killsDuringABurstLoseAndDuplicateNothing() async throws {
        let fixture = try SpoolFixture()
        let count = 600
        var generator = SystemRandomNumberGenerator()
        var dropped = 0
        for round in 0..<6 {
            try fixture.startDaemon(["--workers", "0"])
            // Drop a slice of the burst while the daemon runs, then kill it mid-intake.
            let slice = min(count, dropped + count / 6)
            while dropped < slice {
                try fixture.drop("job\(dropped).json", #"{"kind": "mp3", "input": "a.wav", "priority": \#(dropped % 7)}"#)
                dropped += 1
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 5...120, using: &generator)))
            try await fixture.killDaemon()
            _ = round
        }
        try fixture.startDaemon(["--workers", "0"])
        try await fixture.waitFor("all \(count) jobs to be pending", timeout: 60) {
            fixture.names(in: fixture.layout.folder(.pending)).count == count
        }
        let stopped = try await fixture.stopDaemon()
        #expect(stopped == 0, "\(fixture.currentDaemonLog.suffix(2000))")

        #expect(fixture.names(in: fixture.layout.inbox).isEmpty)
        #expect(fixture.names(in: fixture.layout.folder(.failed)).isEmpty, "\(fixture.daemonLog.suffix(2000))")
        #expect(((try? FileOps.list(fixture.layout.staging)) ?? []).isEmpty)
        for index in 0..<count {
            let id = "job\(index)"
            let places = JobState.allCases.filter { FileManager.default.fileExists(atPath: fixture.layout.jobFolder(id, in: $0)) }
            #expect(places == [.pending], "\(id): \(places)")
            let folder = fixture.layout.jobFolder(id, in: .pending)
            #expect(fixture.names(in: folder) == ["job.json", "source.json", "status.json"], "\(id)")
            let status = try #require(StatusFile.read(from: folder), "\(id)")
            #expect(status.jobId == id && status.status == .pending && status.priority == index % 7)
        }
    }
}
