import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// mediaspool-http.service runs `serve` as its own user, a member of the daemon's group: on a
/// spool with the tmpfiles modes, owned by the daemon's user and group, that user must be able
/// to serve everything while it may write nothing but the drop folders (inbox/, media/), which
/// the unit's read-only file system closes too. Needs root, to start both as other users.
@Suite("HTTP view as a group member")
struct HTTPUserTests {
    static let canSwitchUsers = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
    // Numeric ids no account uses: the daemon's user and group, and the HTTP view's user.
    static let daemonUser = "61001"
    static let group = "61000"
    static let viewUser = "61002"

    @Test(.enabled(if: canSwitchUsers)) func serveReadsTheSpoolThroughItsGroupOnly() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 2)
        try Self.applyTmpfilesModes(to: fixture.layout.root)
        try #require(try SpoolFixture.run("chown", ["-R", "\(Self.daemonUser):\(Self.group)", fixture.layout.root]).status == 0)
        // As the unit runs it: the daemon's user and group, UMask=0007.
        let daemonLauncher = [
            "/bin/sh", "-c", "umask 0007 && exec setpriv --reuid=\(Self.daemonUser) --regid=\(Self.group) --clear-groups \"$@\"", "sh",
        ]
        try fixture.startDaemon(["--no-http"], launcher: daemonLauncher)
        try fixture.drop("ep42.json", #"{"kind": "mp3", "input": "tone.wav"}"#)
        #expect(try await fixture.waitForFinal("ep42").status == .completed)
        let output = try #require(fixture.status(of: "ep42")?.outputs.first)

        let manager = try DatagramCollector(address: DatagramCollector.temporaryPath("notify"))
        defer { manager.stop() }
        chmod(manager.address, 0o777)
        let serve = Process()
        serve.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        serve.arguments =
            ["--reuid=\(Self.viewUser)", "--regid=\(Self.viewUser)", "--groups=\(Self.group)", SpoolFixture.binary]
            + ["serve", "--spool", fixture.layout.root, "--http", "127.0.0.1:0"]
        serve.environment = ProcessInfo.processInfo.environment.merging(["NOTIFY_SOCKET": manager.address]) { _, new in new }
        let log = fixture.directory + "/serve.log"
        FileManager.default.createFile(atPath: log, contents: nil)
        serve.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try serve.run()
        defer { if serve.isRunning { kill(serve.processIdentifier, SIGKILL) } }
        try await fixture.waitFor("serve to listen") { manager.messages.contains { $0.hasPrefix("READY=1") } }
        let ready = try #require(manager.messages.first { $0.hasPrefix("READY=1") })
        let port = ready.split(separator: ":").last!.prefix { $0.isNumber }
        let base = "http://127.0.0.1:\(port)"

        // The ledger (its -shm index is not writable for this user) and the outputs both read.
        let job = try HTTPClient.request(base + "/api/jobs/ep42")
        #expect(job.status == 200, "\(job.text)\n\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        let list = try HTTPClient.request(base + "/api/jobs?state=done")
        #expect(list.text.contains("\"ep42\""))
        let file = try HTTPClient.request(base + "/files/ep42/\(output.name)")
        #expect(file.status == 200 && file.body.count == output.size)
        let health = try HTTPClient.request(base + "/healthz")
        #expect(health.text.contains("running"), "\(health.text)")

        // Where this user could write: only the drop folders the group shares with clients.
        let root = fixture.layout.root
        for (path, writable) in [
            (root, false), (root + "/done", false), (root + "/done/ep42", false), (root + "/failed", false),
            (root + "/pending", false), (root + "/inbox", true), (root + "/media", true),
        ] {
            let probe = path + "/.probe-\(UUID().uuidString.prefix(6))"
            let touch = try SpoolFixture.run(
                "setpriv", ["--reuid=\(Self.viewUser)", "--regid=\(Self.viewUser)", "--groups=\(Self.group)", "touch", probe])
            #expect((touch.status == 0) == writable, "\(path)")
            unlink(probe)
        }
        for name in ["ledger.sqlite", "ledger.sqlite-wal", "ledger.sqlite-shm", "done/ep42/status.json", "done/ep42/\(output.name)"] {
            #expect(access(root + "/" + name, F_OK) == 0, "\(name)")
            let write = try SpoolFixture.run(
                "setpriv",
                [
                    "--reuid=\(Self.viewUser)", "--regid=\(Self.viewUser)", "--groups=\(Self.group)", "sh", "-c", ": >> \"$0\"",
                    root + "/" + name,
                ])
            #expect(write.status != 0, "\(name) is writable for the HTTP view's user")
        }

        kill(serve.processIdentifier, SIGTERM)
        try await fixture.waitFor("serve to stop") { !serve.isRunning }
        #expect(try await fixture.stopDaemon() == 0)
    }

    /// The modes of systemd/mediaspool.tmpfiles, applied to a spool at `root`.
    static func applyTmpfilesModes(to root: String) throws {
        let tmpfiles = try String(contentsOfFile: SystemdUnitTests.repository + "/systemd/mediaspool.tmpfiles", encoding: .utf8)
        for line in tmpfiles.split(separator: "\n") where line.hasPrefix("d ") {
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            let path = root + columns[1].dropFirst("/var/spool/mediaspool".count)
            try #require(chmod(path, mode_t(try #require(Int(columns[2], radix: 8)))) == 0, "\(path)")
        }
    }
}
