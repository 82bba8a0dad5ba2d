import Foundation
import Testing

/// The shipped unit must be valid and hardened: `systemd-analyze verify` accepts it (with the
/// unit's binary path pointed at the one under test) and `systemd-analyze security` rates it
/// 2.0 or better.
@Suite("systemd unit")
struct SystemdUnitTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")))
    func unitVerifiesAndIsHardened() throws {
        let directory = FileManager.default.temporaryDirectory.path + "/unit-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let unit = try String(contentsOfFile: Self.repository + "/systemd/mediaspool.service", encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/local/bin/mediaspool run --spool /var/spool/mediaspool"))
        let path = directory + "/mediaspool.service"
        try Data(unit.replacingOccurrences(of: "/usr/local/bin/mediaspool", with: SpoolFixture.binary).utf8).write(
            to: URL(fileURLWithPath: path))

        let verify = try SpoolFixture.run("systemd-analyze", ["verify", path])
        #expect(verify.status == 0, "\(verify.stderr)")
        let security = try SpoolFixture.run("systemd-analyze", ["security", "--offline=yes", path])
        let line = try #require(security.stdout.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let score = try #require(Double(line.split(separator: ":").last!.split(separator: " ").first!))
        #expect(score <= 2.0, "\(line)")
    }

    @Test func tmpfilesAndSysusersNameTheSpool() throws {
        let tmpfiles = try String(contentsOfFile: Self.repository + "/systemd/mediaspool.tmpfiles", encoding: .utf8)
        for folder in ["inbox", "pending", "processing", "done", "failed", "hold", "media", "templates", ".staging"] {
            #expect(tmpfiles.contains("/var/spool/mediaspool/\(folder) "), "\(folder)")
        }
        let sysusers = try String(contentsOfFile: Self.repository + "/systemd/mediaspool.sysusers", encoding: .utf8)
        #expect(sysusers.contains("u mediaspool "))
    }
}
