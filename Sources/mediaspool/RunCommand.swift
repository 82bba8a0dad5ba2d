import ArgumentParser
import Callbacks
import Foundation
import HTTPView
import Ledger
import ServiceLifecycle
import SpoolCore

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the daemon: watch the inbox, run jobs, write their status (stops gracefully on SIGTERM/SIGINT).")

    @OptionGroup var spool: SpoolOptions
    @OptionGroup var log: LogOptions
    @OptionGroup var http: HTTPOptions
    @OptionGroup var callbacks: CallbackOptions
    @OptionGroup(title: "Unattended operation") var operations: OperationsOptions

    @Flag(name: .customLong("no-http"), help: "Do not serve the HTTP view (run `mediaspool serve` separately, or nothing).")
    var noHTTP = false

    @Option(help: "Jobs running at once (default: the number of cores); 0 accepts jobs but runs none.")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(
        name: .customLong("kind-limit"),
        help: ArgumentHelp("At most N jobs of a kind at once, as kind=N (repeatable).", valueName: "kind=N"))
    var kindLimits: [String] = []

    @Option(help: "Seconds an unparseable job file must stay unchanged before it is failed (it may still be being written).")
    var settleSeconds: Double = 5

    @Option(help: "Seconds between full rescans of the inbox and of pending/ (inotify is only a hint).")
    var rescanSeconds: Double = 30

    @Flag(help: "Scan the inbox instead of using inotify (automatic on NFS, SMB and FUSE).")
    var poll = false

    @Option(help: "Seconds between inbox scans when polling.")
    var pollSeconds: Double = 2

    @Option(help: "On SIGTERM/SIGINT, seconds running jobs may take to finish before they are stopped and requeued.")
    var graceSeconds: Double = 30

    @Option(help: "Largest http(s):// input a worker fetches, in MiB.")
    var fetchMaxMb: Int = 2048

    @Option(help: "Address-space limit of each worker, in MiB.")
    var memoryLimitMb: Int = 2048

    @Option(help: "Jobs one worker process serves before it is replaced (1: a fresh process for every job).")
    var workerMaxUse: Int = 100

    @Option(help: "Seconds an idle worker waits for another job before it exits.")
    var workerIdleSeconds: Double = 30

    @Option(help: "Base of the retry backoff in seconds (doubles per failed attempt, at most 300).")
    var retrySeconds: Double = 5

    func validate() throws {
        guard workers >= 0 else { throw ValidationError("--workers must not be negative") }
        if !noHTTP { try http.validateAccess() }
        guard settleSeconds >= 0, rescanSeconds > 0, pollSeconds > 0, graceSeconds >= 0 else {
            throw ValidationError("--settle-seconds, --rescan-seconds, --poll-seconds and --grace-seconds must not be negative")
        }
        guard workerMaxUse >= 1 else { throw ValidationError("--worker-max-use must be at least 1") }
        guard workerIdleSeconds > 0 else { throw ValidationError("--worker-idle-seconds must be positive") }
        guard memoryLimitMb >= 256 else { throw ValidationError("--memory-limit-mb must be at least 256") }
        // A fetch larger than the worker's RLIMIT_FSIZE (8 GiB) would end in SIGXFSZ instead of a clean error.
        guard (1...8191).contains(fetchMaxMb) else {
            throw ValidationError("--fetch-max-mb must be from 1 to 8191 (workers write at most 8 GiB per file)")
        }
        _ = try parsedKindLimits()
    }

    func parsedKindLimits() throws -> [JobKind: Int] {
        var limits: [JobKind: Int] = [:]
        for text in kindLimits {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let kind = JobKind(name: parts[0]), let limit = Int(parts[1]), limit >= 1 else {
                throw ValidationError(
                    "--kind-limit \(text): expected kind=N with kind one of \(JobKind.acceptedNames.joined(separator: ", ")) and N ≥ 1")
            }
            limits[kind] = limit
        }
        return limits
    }

    func run() async throws {
        let logger = log.makeLogger()
        LayeredArguments.current?.log(to: logger)
        var configuration = DaemonConfiguration(
            layout: spool.layout,
            extraInputRoots: spool.extraRoots,
            allowedHosts: spool.allowedHosts,
            watcher: WatcherConfiguration(
                rescanSeconds: rescanSeconds, poll: poll, pollSeconds: pollSeconds,
                intake: IntakeConfiguration(settleSeconds: settleSeconds)),
            scheduler: SchedulerConfiguration(
                workers: workers, kindLimits: try parsedKindLimits(), graceSeconds: graceSeconds,
                workerExecutable: Daemon.workerExecutable(), workerMemoryLimitMB: memoryLimitMb,
                fetchMaxMB: fetchMaxMb, rescanSeconds: rescanSeconds, retryBaseSeconds: retrySeconds, workerMaxUse: workerMaxUse,
                workerIdleSeconds: workerIdleSeconds))
        try operations.apply(to: &configuration)
        let layout = spool.layout
        let recorder = LedgerRecorder(layout: layout, validator: spool.validator, vitals: configuration.vitals, logger: logger)
        let callbackService = CallbackService(
            layout: layout, settings: try callbacks.settings(allowedHosts: spool.allowedHosts.patterns), observer: recorder, logger: logger)
        configuration.observer = CallbackObserver(next: recorder, service: callbackService)
        let vitals = configuration.vitals
        let serveHTTP = !noHTTP
        let httpConfiguration = serveHTTP ? try http.configuration(logger: logger) : HTTPViewConfiguration()
        let retention = RetentionService(layout: layout, configuration: operations.retention, observer: recorder, logger: logger)
        do {
            try await Daemon.run(configuration, logger: logger) {
                // Stopped in reverse order: the HTTP view, then callbacks, then the ledger that records their tries.
                var services: [any Service] = [recorder, retention, callbackService]
                if serveHTTP {
                    services.append(
                        HTTPView.makeApplication(
                            layout: layout, source: recorder, vitals: vitals, configuration: httpConfiguration, logger: logger))
                }
                return services
            }
        } catch let error as SpoolError {
            logger.critical("\(error.message)")
            throw ExitCode(error.code == .locked ? 75 : 1)
        }
    }
}
