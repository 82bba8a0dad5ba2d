import Foundation
import SpoolCore
import Testing

/// The file system is a control surface: an operator parks a job with `mv` and releases it the same way.
@Suite("Operating by hand", .serialized)
struct OperatorTests {
    @Test func aHeldJobWaitsUntilMovedBack() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 1)
        // Take the job in without running it, then park it while the daemon is down.
        try fixture.startDaemon(["--workers", "0"])
        try fixture.drop("parked.json", #"{"kind": "mp3", "input": "tone.wav"}"#)
        try await fixture.waitFor("the job to be pending") { fixture.state(of: "parked") == .pending }
        #expect(try await fixture.stopDaemon() == 0)
        try FileOps.renameNoReplace(fixture.layout.jobFolder("parked", in: .pending), fixture.layout.jobFolder("parked", in: .hold))

        try fixture.startDaemon(["--rescan-seconds", "0.5"])
        try fixture.drop("other.json", #"{"kind": "mp3", "input": "tone.wav"}"#)
        #expect(try await fixture.waitForFinal("other").status == .completed)
        try await Task.sleep(for: .seconds(1.5))  // three rescans of pending/
        #expect(fixture.state(of: "parked") == .hold)

        try FileOps.renameNoReplace(fixture.layout.jobFolder("parked", in: .hold), fixture.layout.jobFolder("parked", in: .pending))
        #expect(try await fixture.waitForFinal("parked", timeout: 20).status == .completed)
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func badOptionsOfRunAreRefusedWithTheirName() throws {
        let fixture = try SpoolFixture()
        let kind = try fixture.mediaspool(["run", "--spool", fixture.layout.root, "--kind-limit", "flac=2"])
        #expect(kind.status == 64)
        #expect(kind.stderr.contains("--kind-limit flac=2"))
        let missing = try fixture.mediaspool(["run", "--spool", fixture.directory + "/nowhere"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("mediaspool init --spool"))
    }
}
