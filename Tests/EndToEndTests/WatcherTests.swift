import Foundation
import SpoolCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Every way a file can arrive is seen: inotify events of each kind, and scans where inotify
/// cannot help.
@Suite("Watching the inbox", .serialized)
struct WatcherTests {
    /// OpenSSH's sftp-server renames by link()+unlink(): inotify reports only IN_CREATE.
    @Test func hardLinkedDeliveryIsSeen() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 1)
        try fixture.startDaemon(["--rescan-seconds", "600"])
        try await fixture.waitFor("the watcher to start") { fixture.daemonLog.contains("watching the inbox") }
        try await Task.sleep(for: .milliseconds(300))  // past the first scan
        let staged = fixture.directory + "/spool/media/.linked.json"
        try fixture.write(#"{"kind": "mp3", "input": "tone.wav"}"#, to: staged)
        #expect(Glibc.link(staged, fixture.layout.inbox + "/linked.json") == 0)
        #expect(unlink(staged) == 0)
        #expect(try await fixture.waitForFinal("linked", timeout: 20).status == .completed)
        #expect(try await fixture.stopDaemon() == 0)
    }

    /// Polling mode (NFS, SMB, FUSE): no inotify at all, yet every drop is found.
    @Test func pollingModeFindsDrops() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 1)
        try fixture.startDaemon(["--poll", "--poll-seconds", "0.5"])
        for index in 0..<20 { try fixture.drop("polled\(index).json", #"{"kind": "mp3", "input": "tone.wav"}"#) }
        for index in 0..<20 { #expect(try await fixture.waitForFinal("polled\(index)").status == .completed) }
        #expect(try await fixture.stopDaemon() == 0)
    }

    /// A burst of drops arriving while the daemon works: none is missed or taken twice.
    @Test func aBurstOfDropsIsTakenInOnceEach() async throws {
        let fixture = try SpoolFixture()
        try fixture.startDaemon(["--workers", "0"])
        try await fixture.waitFor("the daemon to start") { fixture.daemonLog.contains("scheduler started") }
        let count = 2000
        for index in 0..<count { try fixture.drop("burst\(index).json", #"{"kind": "mp3", "input": "tone.wav"}"#) }
        try await fixture.waitFor("\(count) pending jobs", timeout: 60) {
            fixture.names(in: fixture.layout.folder(.pending)).count == count
        }
        #expect(fixture.names(in: fixture.layout.inbox).isEmpty)
        #expect(fixture.names(in: fixture.layout.folder(.failed)).isEmpty)
        #expect(fixture.names(in: fixture.layout.staging).isEmpty)
        #expect(try await fixture.stopDaemon() == 0)
    }
}

extension WatcherTests {
    /// The inbox removed and made again under a running daemon: drops are still found.
    @Test func aRecreatedInboxIsWatchedAgain() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 1)
        try fixture.startDaemon(["--poll-seconds", "0.5", "--rescan-seconds", "600"])
        try await fixture.waitFor("the watcher to start") { fixture.daemonLog.contains("watching the inbox") }
        try FileManager.default.removeItem(atPath: fixture.layout.inbox)
        try await fixture.waitFor("the daemon to notice") { fixture.daemonLog.contains("inbox folder was removed") }
        #expect(try fixture.mediaspool(["init", "--spool", fixture.layout.root]).status == 0)
        try fixture.drop("again.json", #"{"kind": "mp3", "input": "tone.wav"}"#)
        #expect(try await fixture.waitForFinal("again", timeout: 20).status == .completed)
        try await fixture.waitFor("inotify to be back") { fixture.daemonLog.contains("with inotify again") }
        #expect(try await fixture.stopDaemon() == 0)
    }
}

extension WatcherTests {
    /// A drop whose name is not UTF-8 (a Latin-1 client) used to stay in the inbox forever:
    /// Swift read its name as a repaired String that names no file. It is renamed and taken in.
    @Test func aNameThatIsNotUTF8IsTakenIn() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 1)
        try fixture.startDaemon()
        try await fixture.waitFor("the watcher to start") { fixture.daemonLog.contains("watching the inbox") }
        for (stem, text) in [("caf", #"{"id": "cafe", "kind": "mp3", "input": "tone.wav"}"#), ("bad", "not json")] {
            let path = Array((fixture.layout.inbox + "/" + stem).utf8) + [0xE9] + Array(".json".utf8) + [0]
            let fd = path.withUnsafeBufferPointer {
                $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_EXCL, 0o644) }
            }
            try #require(fd >= 0)
            _ = Array(text.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        #expect(try await fixture.waitForFinal("cafe", timeout: 30).status == .completed)
        try await fixture.waitFor("the unparseable one to be rejected") { fixture.state(of: "bad_E9.rejected") == .failed }
        #expect(fixture.status(of: "bad_E9.rejected")?.source?.name == "bad%E9.json")
        #expect(((try? FileOps.list(fixture.layout.inbox)) ?? []).isEmpty)
        #expect(fixture.daemonLog.contains("renamed a drop whose name is not UTF-8"))
        #expect(try await fixture.stopDaemon() == 0)
    }
}

extension WatcherTests {
    /// When the inbox vanished in the middle of an intake batch (renamed away or deleted), the
    /// batch could neither be made durable (fsync of the inbox: ENOENT) nor returned to the inbox,
    /// and its drops stayed in `.staging/` until the next start (found by the storm torture
    /// trial: 9 of 20,000). The periodic scan now returns such a folder once there is an inbox.
    @Test func aDropStrandedInStagingIsReturnedWithoutARestart() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 1)
        try fixture.startDaemon(["--rescan-seconds", "1"])
        try await fixture.waitFor("the watcher to start") { fixture.daemonLog.contains("watching the inbox") }
        let folder = fixture.layout.staging + "/999-1"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try fixture.write(#"{"id": "stranded", "kind": "mp3", "input": "tone.wav"}"#, to: folder + "/source.json")
        #expect(try await fixture.waitForFinal("stranded", timeout: 30).status == .completed)
        #expect(fixture.names(in: fixture.layout.staging).isEmpty)
        #expect(fixture.daemonLog.contains("returned an interrupted drop to the inbox"))
        #expect(try await fixture.stopDaemon() == 0)
    }
}
