import ArgumentParser
import Foundation
import SpoolCore
import Worker

/// The worker child the daemon starts, as `mediaspool-worker work …` (or `mediaspool work …`).
/// With `--serve` it runs the jobs the daemon sends on stdin, one after another; with
/// `--job-dir` it runs that one job (by hand, for debugging: it then reports on stdout).
public struct WorkCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "work", abstract: "Run jobs in this process (started by the daemon).", shouldDisplay: false)

    @Flag(help: "Serve the jobs sent on stdin, one JSON request per line, until stdin closes.")
    var serve = false

    @Option(help: "Run the one job in this folder (in processing/) and exit.")
    var jobDir: String?

    @Option(help: "Root of relative input paths.")
    var mediaRoot: String

    @Option(name: .customLong("allow-root"), help: "Another root for absolute input paths.")
    var allowRoots: [String] = []

    @Option(name: .customLong("allow-host"), help: "A host URL inputs may name (repeatable).")
    var allowHosts: [String] = []

    @Option(help: "Largest URL input fetched, in MiB.")
    var fetchMaxMb: Int = 2048

    @Option(help: "The spool whose result cache may be used (none: no cache).")
    var spoolRoot: String?

    @Option(help: "Address-space limit in MiB.")
    var memoryLimitMb: Int = 2048

    @Option(help: "CPU-time limit of a --job-dir run, in seconds.")
    var cpuSeconds: Int = 3600

    public init() {}

    public func validate() throws {
        guard serve != (jobDir != nil) else { throw ValidationError("give either --serve or --job-dir") }
    }

    public func run() throws {
        let limits = ResourceLimits(memoryMB: memoryLimitMb, cpuSeconds: serve ? nil : cpuSeconds)
        limits.apply()
        let roots = InputRoots(media: Self.absolute(mediaRoot), extra: allowRoots.map(Self.absolute))
        let settings = WorkerSettings(
            roots: roots, allowedHosts: HostAllowList(allowHosts), fetchMaxBytes: Int64(fetchMaxMb) << 20,
            spoolRoot: spoolRoot.map(Self.absolute))
        if serve {
            ServeLoop(settings: settings).run()
            return
        }
        let channel = ReportChannel()
        let final = JobRunner(jobFolder: Self.absolute(jobDir!), settings: settings, channel: channel).run()
        channel.send(final)
        if final.type != .completed { throw ExitCode(1) }
    }

    private static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
            .standardizedFileURL.path
    }
}
