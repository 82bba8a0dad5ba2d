import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `Type=notify` as systemd sees it: the test binds the notification socket itself, starts
/// the binary with `$NOTIFY_SOCKET` (and a 1-s `$WATCHDOG_USEC`) and reads what arrives.
@Suite("systemd notifications")
struct SystemdNotifyTests {
    @Test func daemonSendsReadyStatusWatchdogAndStopping() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 1)
        let manager = try DatagramCollector(address: DatagramCollector.temporaryPath("notify"))
        defer { manager.stop() }
        // No workers: the dropped job stays pending, for STATUS= to show it.
        try fixture.startDaemon(
            ["--workers", "0", "--no-http"], environment: ["NOTIFY_SOCKET": manager.address, "WATCHDOG_USEC": "1000000"])

        try await fixture.waitFor("READY=1") { manager.messages.contains { $0.hasPrefix("READY=1") } }
        #expect(manager.messages.first == "READY=1\nSTATUS=0 pending, 0 processing, 0/0 workers busy")
        try fixture.drop("waiting.json", #"{"kind": "mp3", "input": "tone.wav"}"#)
        try await fixture.waitFor("a STATUS= with the dropped job") {
            manager.messages.contains("STATUS=1 pending, 0 processing, 0/0 workers busy")
        }
        try await fixture.waitFor("WATCHDOG=1, again and again") { manager.messages.filter { $0 == "WATCHDOG=1" }.count >= 4 }

        #expect(try await fixture.stopDaemon() == 0)
        let messages = manager.messages
        let stopping = try #require(messages.firstIndex(of: "STOPPING=1"), "\(messages)")
        #expect(messages.filter { $0.hasPrefix("READY=1") }.count == 1)
        #expect(messages[..<stopping].contains("STATUS=1 pending, 0 processing, 0/0 workers busy"))
    }

    /// A job that runs shows up as processing on a busy worker (a 10-minute input encodes for
    /// seconds, long enough for a STATUS= of its own).
    @Test func statusCountsBusyWorkers() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("long.wav", seconds: 600, channels: 1)
        let manager = try DatagramCollector(address: DatagramCollector.temporaryPath("notify"))
        defer { manager.stop() }
        try fixture.startDaemon(["--workers", "1", "--no-http"], environment: ["NOTIFY_SOCKET": manager.address])
        try await fixture.waitFor("READY=1") { manager.messages.contains { $0.hasPrefix("READY=1") } }
        try fixture.drop("long.json", #"{"kind": "mp3", "input": "long.wav"}"#)
        try await fixture.waitFor("a STATUS= with the running job") {
            manager.messages.contains("STATUS=0 pending, 1 processing, 1/1 workers busy")
        }
        try await fixture.waitForFinal("long", timeout: 120)
        try await fixture.waitFor("the worker to be free again") {
            manager.messages.last { $0.hasPrefix("STATUS=") } == "STATUS=0 pending, 0 processing, 0/1 workers busy"
        }
        #expect(try await fixture.stopDaemon() == 0)
        // No watchdog asked for, none petted.
        #expect(!manager.messages.contains("WATCHDOG=1"))
    }

    @Test func serveSendsReadyOnceItListens() async throws {
        let fixture = try SpoolFixture()
        let manager = try DatagramCollector(address: DatagramCollector.temporaryPath("notify"))
        defer { manager.stop() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SpoolFixture.binary)
        process.arguments = ["serve", "--spool", fixture.layout.root, "--http", "127.0.0.1:0"]
        process.environment = ProcessInfo.processInfo.environment.merging(["NOTIFY_SOCKET": manager.address]) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        try await fixture.waitFor("READY=1 from serve") { manager.messages.contains { $0.hasPrefix("READY=1") } }
        let ready = try #require(manager.messages.first)
        let prefix = "READY=1\nSTATUS=serving http://127.0.0.1:"
        #expect(ready.hasPrefix(prefix), "\(ready)")
        // The port it names answers at once: READY=1 came after the bind.
        let port = ready.dropFirst(prefix.count).prefix { $0.isNumber }
        #expect(try HTTPClient.request("http://127.0.0.1:\(port)/openapi.json").status == 200)

        kill(process.processIdentifier, SIGTERM)
        try await fixture.waitFor("serve to exit") { !process.isRunning }
        #expect(process.terminationStatus == 0)
        #expect(manager.messages.last == "STOPPING=1")
    }
}
