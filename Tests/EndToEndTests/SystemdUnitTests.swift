import Foundation
import Testing

/// The shipped units must be valid and hardened: `systemd-analyze verify` accepts them (with
/// the units' binary path pointed at the one under test) and `systemd-analyze security` rates
/// them 2.0 or better.
@Suite("systemd units")
struct SystemdUnitTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
    static let units = ["mediaspool.service", "mediaspool-http.service"]
    static let hasSystemdAnalyze = FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")

    static func unit(_ name: String) throws -> String {
        try String(contentsOfFile: repository + "/systemd/" + name, encoding: .utf8)
    }

    @Test(.enabled(if: hasSystemdAnalyze), arguments: units)
    func unitVerifiesAndIsHardened(_ name: String) throws {
        let directory = FileManager.default.temporaryDirectory.path + "/unit-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/" + name
        try Data(try Self.unit(name).replacingOccurrences(of: "/usr/local/bin/mediaspool", with: SpoolFixture.binary).utf8).write(
            to: URL(fileURLWithPath: path))
        let (verified, score) = try Self.verifyAndRate(path)
        #expect(verified.isEmpty, "\(verified)")
        #expect(score <= 2.0, "\(name): \(score)")
    }

    /// `systemd-analyze verify`'s complaints (empty when none) and the exposure level of `security`.
    static func verifyAndRate(_ path: String) throws -> (complaints: String, score: Double) {
        let verify = try SpoolFixture.run("systemd-analyze", ["verify", path])
        let security = try SpoolFixture.run("systemd-analyze", ["security", "--offline=yes", path])
        let line = try #require(security.stdout.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let score = try #require(Double(line.split(separator: ":").last!.split(separator: " ").first!))
        return (verify.status == 0 ? "" : verify.stderr, score)
    }

    @Test func daemonUnitNotifiesAndHasAWatchdog() throws {
        let unit = try Self.unit("mediaspool.service")
        #expect(unit.contains("ExecStart=/usr/local/bin/mediaspool run --spool /var/spool/mediaspool"))
        for line in [
            "Type=notify", "NotifyAccess=main", "WatchdogSec=60s", "User=mediaspool", "ReadWritePaths=/var/spool/mediaspool",
            // A rejected setting (64) or a broken configuration file (78) is not restarted in a loop.
            "RestartPreventExitStatus=64 78",
        ] {
            #expect(unit.contains("\n\(line)\n"), "\(line)")
        }
        // The HTTP view is the other unit's: two listeners on one port would fight.
        #expect(unit.contains("--no-http"))
    }

    @Test func httpUnitServesReadOnlyAsItsOwnUser() throws {
        let unit = try Self.unit("mediaspool-http.service")
        #expect(unit.contains("ExecStart=/usr/local/bin/mediaspool serve --spool /var/spool/mediaspool\n"))
        for line in [
            "Type=notify", "NotifyAccess=main", "User=mediaspool-http", "SupplementaryGroups=mediaspool", "ProtectSystem=strict",
            "ReadOnlyPaths=/var/spool/mediaspool", "RestartPreventExitStatus=64 78",
        ] {
            #expect(unit.contains("\n\(line)\n"), "\(line)")
        }
        #expect(!unit.contains("ReadWritePaths"), "the HTTP view writes nowhere")
    }

    @Test func tmpfilesAndSysusersNameTheSpoolAndItsReaders() throws {
        let tmpfiles = try String(contentsOfFile: Self.repository + "/systemd/mediaspool.tmpfiles", encoding: .utf8)
        for folder in ["inbox", "pending", "processing", "done", "failed", "hold", "media", "templates", ".staging"] {
            #expect(tmpfiles.contains("/var/spool/mediaspool/\(folder) "), "\(folder)")
        }
        // Every folder is group-readable and searchable (the HTTP view reads it as a group member)
        // and closed to others.
        for line in tmpfiles.split(separator: "\n") where line.hasPrefix("d ") {
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            let mode = try #require(Int(columns[2], radix: 8))
            #expect(mode & 0o050 == 0o050 && mode & 0o007 == 0, "\(line)")
            #expect(columns[4] == "mediaspool", "\(line)")
        }
        let sysusers = try String(contentsOfFile: Self.repository + "/systemd/mediaspool.sysusers", encoding: .utf8)
        #expect(sysusers.contains("\nu mediaspool "))
        #expect(sysusers.contains("\nu mediaspool-http "))
        #expect(sysusers.contains("\nm mediaspool-http mediaspool\n"))
    }
}
