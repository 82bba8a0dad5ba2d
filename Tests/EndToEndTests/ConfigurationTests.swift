import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The configuration file, `MEDIASPOOL_*` variables and flags, as an operator layers them:
/// flags win over the environment, which wins over the file, which wins over the defaults;
/// every mistake is named by its key and where it was set.
@Suite("Configuration")
struct ConfigurationTests {
    /// The test's environment with `extra` added; `MEDIASPOOL_CONFIG` is cleared unless given,
    /// so the machine's /etc/mediaspool/mediaspool.json never leaks in.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("MEDIASPOOL_") || $0.key == "MEDIASPOOL_BIN" }
        environment["MEDIASPOOL_CONFIG"] = ""
        return environment.merging(extra) { _, new in new }
    }

    static func mediaspool(_ arguments: [String], _ extra: [String: String] = [:]) throws -> SpoolFixture.Result {
        try SpoolFixture.run(SpoolFixture.binary, arguments, environment: environment(extra))
    }

    static func writeConfiguration(_ text: String, in fixture: SpoolFixture, name: String = "mediaspool.json") throws -> String {
        let path = fixture.directory + "/" + name
        try fixture.write(text, to: path)
        return path
    }

    @Test func flagsWinOverTheEnvironmentWhichWinsOverTheFile() throws {
        let fixture = try SpoolFixture()
        let file = try Self.writeConfiguration(
            #"{"workers": 0, "retain": "7d", "allow-host": ["cdn.example.com"], "kind-limit": {"mp4": 1}, "poll": true, "http-access": null}"#,
            in: fixture)
        let result = try Self.mediaspool(
            ["config", "--json", "--config", file, "--workers", "3"], ["MEDIASPOOL_RETAIN": "2w", "MEDIASPOOL_MIN_FREE_MB": "512"])
        try #require(result.status == 0, "\(result.stderr)")
        let settings = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(settings["workers"] as? Int == 3)
        #expect(settings["retain"] as? String == "2w")
        #expect(settings["min-free-mb"] as? Int == 512)
        #expect(settings["allow-host"] as? [String] == ["cdn.example.com"])
        #expect(settings["kind-limit"] as? [String] == ["mp4=1"])
        #expect(settings["poll"] as? Bool == true)
        #expect(settings["http-access"] == nil, "unset, with no default")
        #expect(settings["stall-seconds"] as? Int == 300, "defaults are printed too")

        let table = try Self.mediaspool(["config", "--config", file, "--workers", "3"], ["MEDIASPOOL_RETAIN": "2w"])
        try #require(table.status == 0, "\(table.stderr)")
        let rows = Dictionary(
            table.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
                let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                return (words[0], (words.dropFirst().dropLast().joined(separator: " "), words.last!))
            }, uniquingKeysWith: { first, _ in first })
        #expect(rows["workers"]! == ("3", "flag"))
        #expect(rows["retain"]! == ("2w", "$MEDIASPOOL_RETAIN"))
        #expect(rows["allow-host"]! == ("cdn.example.com", "file"))
        #expect(rows["grace-seconds"]! == ("30.0", "default"))
        #expect(table.stdout.contains("# configuration file: \(file)"))
        #expect(table.stdout.contains("# $MEDIASPOOL_CALLBACK_SECRET: not set"))
    }

    /// `config --json` prints a file that sets the same values: read back, nothing changes.
    @Test func thePrintedConfigurationReadsBackUnchanged() throws {
        let fixture = try SpoolFixture()
        let first = try Self.mediaspool(["config", "--json", "--spool", fixture.layout.root, "--allow-user", "root", "--poll"])
        try #require(first.status == 0, "\(first.stderr)")
        let file = try Self.writeConfiguration(first.stdout, in: fixture)
        let second = try Self.mediaspool(["config", "--json", "--config", file])
        try #require(second.status == 0, "\(second.stderr)")
        #expect(second.stdout == first.stdout)
    }

    @Test func theDaemonRunsOnTheFilesSettingsAndLogsWhereTheyCameFrom() async throws {
        let fixture = try SpoolFixture()
        let file = try Self.writeConfiguration(#"{"allow-user": ["nobody"]}"#, in: fixture)
        try fixture.startDaemon(environment: ["MEDIASPOOL_CONFIG": file])
        // The daemon's own user may always submit: the drop is given to another uid first.
        let path = fixture.layout.root + "/stranger.json"
        try fixture.write(#"{"kind": "mp3", "input": "tone.wav"}"#, to: path)
        #expect(chown(path, 54321, 54321) == 0)
        #expect(rename(path, fixture.layout.inbox + "/stranger.json") == 0)
        try await fixture.waitFor("the drop rejected") { fixture.state(of: "stranger.rejected") == .failed }
        #expect(fixture.status(of: "stranger.rejected")?.errorCode == "forbidden")
        #expect(fixture.daemonLog.contains("config.file=\(file)"), "\(fixture.daemonLog.prefix(2000))")
        #expect(fixture.daemonLog.contains("config.from_file=allow-user"))
        #expect(try await fixture.stopDaemon() == 0)
    }

    /// Commands other than the daemon take the settings they share with it, such as the spool.
    @Test func otherCommandsFindTheSpoolInTheFile() throws {
        let fixture = try SpoolFixture()
        let file = try Self.writeConfiguration(#"{"spool": "\#(fixture.layout.root)", "workers": 1}"#, in: fixture)
        let job = fixture.directory + "/job.json"
        try fixture.write(#"{"kind": "mp3", "input": "tone.wav"}"#, to: job)
        let result = try Self.mediaspool(["submit", job], ["MEDIASPOOL_CONFIG": file])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: fixture.layout.inbox + "/job.json"), "\(fixture.spoolListing())")
    }

    @Test(arguments: [
        (#"{"wokers": 3}"#, 78, [#""wokers" is not a setting (did you mean "workers"?)"#]),
        (#"{"poll": "yes"}"#, 78, [#""poll": expected true or false, not "yes""#]),
        (#"{"allow-host": {"a": [1]}}"#, 78, [#""allow-host": "a": expected a number or a string, not a list"#]),
        ("{\n  \"workers\": 2,\n  \"retain\" 3\n}", 78, ["not valid JSON", "line 3, column"]),
        (#"["workers"]"#, 78, ["expected one JSON object of settings"]),
        (#"{"workers": -1}"#, 64, ["--workers must not be negative", #"(--workers came from "workers" in "#]),
        (
            #"{"memory-limit-mb": "lots"}"#, 64,
            ["'lots' is invalid for '--memory-limit-mb", #"(--memory-limit-mb came from "memory-limit-mb" in "#]
        ),
        (#"{"http": "everywhere"}"#, 64, ["--http everywhere: expected HOST:PORT", #"came from "http" in "#]),
    ])
    func aBadFileStopsTheDaemonNamingTheKey(text: String, code: Int32, messages: [String]) throws {
        let fixture = try SpoolFixture()
        let file = try Self.writeConfiguration(text, in: fixture)
        // Under timeout(1): a file wrongly accepted would start the daemon instead of failing.
        let result = try SpoolFixture.run(
            "timeout", ["20", SpoolFixture.binary, "run", "--spool", fixture.layout.root, "--no-http"],
            environment: Self.environment(["MEDIASPOOL_CONFIG": file]))
        #expect(result.status == code, "\(result.stderr)")
        for message in messages { #expect(result.stderr.contains(message), "\(result.stderr)") }
        if code == 78 { #expect(result.stderr.contains("configuration file \(file)"), "\(result.stderr)") }
    }

    @Test func aBadVariableStopsTheDaemonNamingIt() throws {
        let fixture = try SpoolFixture()
        let flag = try SpoolFixture.run(
            "timeout", ["20", SpoolFixture.binary, "run", "--spool", fixture.layout.root],
            environment: Self.environment(["MEDIASPOOL_POLL": "maybe"]))
        #expect(flag.status == 78)
        #expect(flag.stderr.contains("$MEDIASPOOL_POLL=maybe: expected true or false"), "\(flag.stderr)")
        let value = try SpoolFixture.run(
            "timeout", ["20", SpoolFixture.binary, "run", "--spool", fixture.layout.root],
            environment: Self.environment(["MEDIASPOOL_MAX_CRASHES": "0"]))
        #expect(value.status == 64)
        #expect(value.stderr.contains("(--max-crashes came from $MEDIASPOOL_MAX_CRASHES)"), "\(value.stderr)")
        let token = try Self.mediaspool(
            ["config", "--for", "serve", "--http-access", "token"], ["MEDIASPOOL_HTTP_TOKEN_FILE": "/nonexistent"])
        #expect(token.status == 1, "a token file that cannot be read stops serve at start, and config says so")
        #expect(token.stderr.contains("/nonexistent"), "\(token.stderr)")
        let missing = try Self.mediaspool(["config"], ["MEDIASPOOL_CONFIG": fixture.directory + "/absent.json"])
        #expect(missing.status == 78)
        #expect(missing.stderr.contains("absent.json: cannot be read"), "\(missing.stderr)")
    }

    /// The file `make install` puts in /etc/mediaspool is valid for both units.
    @Test(arguments: ["run", "serve"]) func theShippedFileIsValid(command: String) throws {
        let shipped = SystemdUnitTests.repository + "/systemd/mediaspool.json"
        let result = try Self.mediaspool(["config", "--for", command, "--config", shipped])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("/var/spool/mediaspool"))
        #expect(result.stdout.split(separator: "\n").contains { $0.hasPrefix("spool ") && $0.hasSuffix(" file") }, "\(result.stdout)")
    }
}
