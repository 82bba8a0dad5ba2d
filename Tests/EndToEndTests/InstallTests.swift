import Foundation
import Testing

/// `make install` as a packager runs it: the install step alone (`install-files`, with the
/// binary under test instead of a release build) into a temporary DESTDIR, without systemctl.
@Suite("make install")
struct InstallTests {
    static let hasMake = FileManager.default.isExecutableFile(atPath: "/usr/bin/make")

    @Test(.enabled(if: hasMake)) func installsAPackageTreeUnderUsr() throws {
        let destination = try Self.install(prefix: "/usr", binary: SpoolFixture.binary)
        defer { try? FileManager.default.removeItem(atPath: destination) }
        let files = [
            "etc/mediaspool/mediaspool.json", "usr/bin/mediaspool", "usr/bin/mediaspool-worker",
            "usr/lib/systemd/system/mediaspool.service",
            "usr/lib/systemd/system/mediaspool-http.service",
            "usr/lib/sysusers.d/mediaspool.conf", "usr/lib/tmpfiles.d/mediaspool.conf", "usr/share/doc/mediaspool/README.md",
        ]
        #expect(Self.tree(destination) == files.sorted())
        #expect(FileManager.default.isExecutableFile(atPath: destination + "/usr/bin/mediaspool"))
        #expect(
            FileManager.default.isExecutableFile(atPath: destination + "/usr/bin/mediaspool-worker"), "the workers' binary goes beside it")
        let repository = SystemdUnitTests.repository
        for (installed, source) in [
            ("usr/lib/sysusers.d/mediaspool.conf", "systemd/mediaspool.sysusers"),
            ("usr/lib/tmpfiles.d/mediaspool.conf", "systemd/mediaspool.tmpfiles"), ("usr/share/doc/mediaspool/README.md", "README.md"),
            ("etc/mediaspool/mediaspool.json", "systemd/mediaspool.json"),
        ] {
            #expect(
                FileManager.default.contentsEqual(atPath: destination + "/" + installed, andPath: repository + "/" + source), "\(installed)"
            )
        }

        for name in SystemdUnitTests.units {
            let unit = try String(contentsOfFile: destination + "/usr/lib/systemd/system/" + name, encoding: .utf8)
            let commands = unit.split(separator: "\n").filter { $0.hasPrefix("ExecStart") }
            #expect(!commands.isEmpty)
            #expect(commands.allSatisfy { $0.contains("=/usr/bin/mediaspool ") }, "\(commands)")
            #expect(unit.contains("Documentation=file:///usr/share/doc/mediaspool/README.md"))
            #expect(!unit.contains("/usr/local"), "\(name) still names /usr/local")
            guard SystemdUnitTests.hasSystemdAnalyze else { continue }
            // Still valid: verify it with the installed binary's real path.
            let check = destination + "/check-" + name
            try Data(unit.replacingOccurrences(of: "/usr/bin/mediaspool", with: destination + "/usr/bin/mediaspool").utf8).write(
                to: URL(fileURLWithPath: check))
            defer { try? FileManager.default.removeItem(atPath: check) }
            let (complaints, score) = try SystemdUnitTests.verifyAndRate(check)
            #expect(complaints.isEmpty, "\(name): \(complaints)")
            #expect(score <= 2.0, "\(name): \(score)")
        }
    }

    /// systemd reads /usr/local/lib/systemd/system too, but nothing under other prefixes: there the units go to /etc.
    @Test(.enabled(if: hasMake)) func otherPrefixesPutSystemdFilesUnderEtc() throws {
        let destination = try Self.install(prefix: "/opt/mediaspool", binary: "/bin/true")
        defer { try? FileManager.default.removeItem(atPath: destination) }
        #expect(
            Self.tree(destination) == [
                "etc/mediaspool/mediaspool.json", "etc/systemd/system/mediaspool-http.service", "etc/systemd/system/mediaspool.service",
                "etc/sysusers.d/mediaspool.conf",
                "etc/tmpfiles.d/mediaspool.conf", "opt/mediaspool/bin/mediaspool", "opt/mediaspool/share/doc/mediaspool/README.md",
            ])
        let unit = try String(contentsOfFile: destination + "/etc/systemd/system/mediaspool.service", encoding: .utf8)
        #expect(unit.contains("ExecStart=/opt/mediaspool/bin/mediaspool run "))
    }

    /// The configuration file is the operator's once installed: a second install keeps it.
    @Test(.enabled(if: hasMake)) func anInstalledConfigurationIsNeverOverwritten() throws {
        let destination = try Self.install(prefix: "/usr", binary: "/bin/true")
        defer { try? FileManager.default.removeItem(atPath: destination) }
        let file = destination + "/etc/mediaspool/mediaspool.json"
        let edited = #"{"spool": "/srv/spool", "workers": 8}"#
        try Data(edited.utf8).write(to: URL(fileURLWithPath: file))
        _ = try Self.install(prefix: "/usr", binary: "/bin/true", into: destination)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == edited)
    }

    /// Runs `make install-files` into a fresh DESTDIR (or `into`) and returns it.
    static func install(prefix: String, binary: String, into existing: String? = nil) throws -> String {
        let destination = existing ?? FileManager.default.temporaryDirectory.path + "/destdir-\(UUID().uuidString.prefix(8))"
        let result = try SpoolFixture.run(
            "make",
            [
                "-C", SystemdUnitTests.repository, "--no-print-directory", "install-files", "BIN=\(binary)", "PREFIX=\(prefix)",
                "DESTDIR=\(destination)",
            ])
        try #require(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("systemctl enable --now mediaspool mediaspool-http"), "it says what to run as root")
        return destination
    }

    /// Every regular file under `root`, relative and sorted.
    static func tree(_ root: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files.sorted()
    }
}
