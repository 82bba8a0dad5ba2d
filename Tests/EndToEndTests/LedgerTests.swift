import Foundation
import Ledger
import SpoolCore
import Testing

/// The ledger follows the daemon, and can always be rebuilt from the folders.
@Suite("Ledger, end to end", .serialized)
struct LedgerEndToEndTests {
    func ledgerRows(_ fixture: SpoolFixture) throws -> [JobRow] {
        try Ledger(path: Ledger.path(in: fixture.layout), readOnly: true).allJobs()
    }

    @Test func reindexRebuildsTheSameRowsAndACorruptLedgerIsRebuilt() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 2)
        try fixture.startDaemon()
        for index in 1...3 { try fixture.drop("j\(index).json", #"{"kind": "mp3", "input": "tone.wav", "userId": "u\#(index)"}"#) }
        try fixture.drop("missing.json", #"{"kind": "mp3", "input": "nothing.wav"}"#)
        try fixture.drop("broken.json", #"{"kind": "mp3",, }"#)
        for id in ["j1", "j2", "j3", "missing"] { try await fixture.waitForFinal(id) }
        try await fixture.waitFor("the ledger to hold every job") {
            let rows = (try? self.ledgerRows(fixture)) ?? []
            return rows.count == 5 && rows.allSatisfy { $0.state == "done" || $0.state == "failed" }
        }
        #expect(try await fixture.stopDaemon() == 0)
        let live = try ledgerRows(fixture)
        #expect(live.first { $0.id == "missing" }?.errorCode == "input-not-found")
        #expect(live.first { $0.id == "j2" }?.userId == "u2")
        #expect(live.first { $0.id == "j1" }?.inputSeconds == 2)

        let path = Ledger.path(in: fixture.layout)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let reindex = try fixture.mediaspool(["reindex", "--spool", fixture.layout.root])
        #expect(reindex.status == 0, "\(reindex.stderr)")
        #expect(try ledgerRows(fixture) == live)

        // A corrupt ledger never stops the daemon: it is moved aside and rebuilt from the folders.
        try fixture.write(String(repeating: "not a database ", count: 500), to: path)
        try fixture.startDaemon()
        try fixture.drop("after.json", #"{"kind": "mp3", "input": "tone.wav"}"#)
        #expect(try await fixture.waitForFinal("after").status == .completed)
        try await fixture.waitFor("the rebuilt ledger to hold the new job") { (try? self.ledgerRows(fixture).count) == 6 }
        #expect(fixture.currentDaemonLog.contains("corrupt"))
        let asides = ((try? FileOps.list(fixture.layout.root)) ?? []).filter { $0.hasPrefix("ledger.sqlite.corrupt-") }
        #expect(asides.count == 1)

        // Deleted while the daemon runs: recreated from the folders at the next heartbeat.
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try await fixture.waitFor("the ledger to be recreated", timeout: 30) { (try? self.ledgerRows(fixture).count) == 6 }
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func listStatsRetryCancelAndGC() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 1)
        // Accept without running: cancel a pending job through the daemon, then retry it.
        try fixture.startDaemon(["--workers", "0"])
        try fixture.drop("waiting.json", #"{"kind": "mp3", "input": "tone.wav", "userId": "alice"}"#)
        try await fixture.waitFor("the job to be pending") { fixture.state(of: "waiting") == .pending }
        let cancel = try fixture.mediaspool(["cancel", "--spool", fixture.layout.root, "waiting"])
        #expect(cancel.status == 0, "\(cancel.stderr)")
        #expect(cancel.stdout.contains("cancelled"))
        let cancelled = try #require(fixture.status(of: "waiting"))
        #expect(fixture.state(of: "waiting") == .failed)
        #expect(cancelled.errorCode == "cancelled")
        #expect(try fixture.mediaspool(["cancel", "--spool", fixture.layout.root, "waiting"]).status == 1)
        #expect(try await fixture.stopDaemon() == 0)

        let retry = try fixture.mediaspool(["retry", "--spool", fixture.layout.root, "waiting"])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(fixture.state(of: "waiting") == .pending)
        #expect(fixture.status(of: "waiting")?.attempts == 0)
        #expect(try fixture.mediaspool(["retry", "--spool", fixture.layout.root, "waiting"]).status == 1)

        // A held job is cancelled by the command itself: no worker holds it.
        try FileOps.renameNoReplace(fixture.layout.jobFolder("waiting", in: .pending), fixture.layout.jobFolder("waiting", in: .hold))
        #expect(try fixture.mediaspool(["cancel", "--spool", fixture.layout.root, "waiting"]).status == 0)
        #expect(fixture.state(of: "waiting") == .failed && fixture.status(of: "waiting")?.errorCode == "cancelled")
        #expect(try fixture.mediaspool(["retry", "--spool", fixture.layout.root, "waiting"]).status == 0)

        // A running job: its worker is stopped and it fails as cancelled, with no output left.
        try fixture.makeTone("long.wav", seconds: 5400, rate: 44100, channels: 2)
        try fixture.startDaemon(["--workers", "1"])
        #expect(try await fixture.waitForFinal("waiting").status == .completed)
        try fixture.drop("long.json", #"{"kind": "mp3", "input": "long.wav"}"#)
        try await fixture.waitFor("the long job to run") { fixture.status(of: "long")?.phase == "encoding" }
        let stop = try fixture.mediaspool(["cancel", "--spool", fixture.layout.root, "long"])
        #expect(stop.status == 0, "\(stop.stdout) \(stop.stderr)")
        let stopped = try await fixture.waitForFinal("long")
        #expect(stopped.errorCode == "cancelled")
        #expect(
            fixture.names(in: try #require(fixture.folder(of: "long"))).filter { $0.hasSuffix(".mp3") || $0.hasSuffix(".part") }.isEmpty)

        try await fixture.waitFor("the ledger to see both") {
            let list = try? SpoolFixture.run(SpoolFixture.binary, ["list", "--spool", fixture.layout.root, "--json"])
            return list?.stdout.contains("\"long\"") == true && list?.stdout.contains("\"cancelled\"") == true
        }
        let table = try fixture.mediaspool(["list", "--spool", fixture.layout.root, "--user", "alice"])
        #expect(table.stdout.contains("waiting") && !table.stdout.contains("long"))
        let stats = try fixture.mediaspool(["stats", "--spool", fixture.layout.root, "--json"])
        let statsObject = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(statsObject["cancelled"] as? Int == 1)
        let kinds = try #require(statsObject["kinds"] as? [[String: Any]])
        #expect(kinds.first?["completed"] as? Int == 1)

        // gc removes finished folders (only lists them with --dry-run); the ledger keeps their history.
        let dry = try fixture.mediaspool(["gc", "--spool", fixture.layout.root, "--older-than", "0s", "--dry-run"])
        #expect(dry.stdout.contains("would remove done/waiting") && dry.stdout.contains("would remove failed/long"))
        #expect(fixture.state(of: "waiting") == .done && fixture.state(of: "long") == .failed)
        let gc = try fixture.mediaspool(["gc", "--spool", fixture.layout.root, "--older-than", "0s"])
        #expect(gc.status == 0, "\(gc.stderr)")
        #expect(fixture.state(of: "waiting") == nil && fixture.state(of: "long") == nil)
        let removed = try fixture.mediaspool(["list", "--spool", fixture.layout.root, "--state", "removed", "--json"])
        #expect(removed.stdout.contains("\"waiting\"") && removed.stdout.contains("\"long\""))
        #expect(try await fixture.stopDaemon() == 0)
    }
}
