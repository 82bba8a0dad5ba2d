import ArgumentParser
import SpoolCore
import Worker

/// The worker child the daemon starts for each job. Not meant to be run by hand, though it
/// can be, on a job folder: it then reports on stdout.
struct WorkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work", abstract: "Run one job in this process (started by the daemon).", shouldDisplay: false)

    @Option(help: "The job's folder (in processing/).")
    var jobDir: String

    @Option(help: "Root of relative input paths.")
    var mediaRoot: String

    @Option(name: .customLong("allow-root"), help: "Another root for absolute input paths.")
    var allowRoots: [String] = []

    @Option(help: "Address-space limit in MiB.")
    var memoryLimitMb: Int = 2048

    @Option(help: "CPU-time limit in seconds.")
    var cpuSeconds: Int = 3600

    @Option(help: "The daemon's pid: the worker dies with it.")
    var parentPid: Int32?

    func run() throws {
        let limits = ResourceLimits(memoryMB: memoryLimitMb, cpuSeconds: cpuSeconds)
        guard limits.apply(parentPID: parentPid) else { throw ExitCode(3) }
        let roots = InputRoots(media: SpoolOptions.absolute(mediaRoot), extra: allowRoots.map(SpoolOptions.absolute))
        let status = JobRunner(jobFolder: SpoolOptions.absolute(jobDir), roots: roots).run()
        if status != 0 { throw ExitCode(status) }
    }
}
