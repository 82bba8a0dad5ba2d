import Logging
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#endif

/// `mediaspool run`: takes the spool's lock, recovers what a previous daemon left, then runs
/// the scheduler and the inbox watcher in one `ServiceGroup` that shuts down gracefully on
/// SIGTERM and SIGINT (the watcher first, so intake stops before the scheduler drains), and
/// tells systemd about it when started with `$NOTIFY_SOCKET`.
public enum Daemon {
    /// `before` runs once the spool is locked and recovered, and returns services (the ledger,
    /// the HTTP view) that start before the scheduler and watcher and stop after them.
    public static func run(
        _ configuration: DaemonConfiguration, logger: Logger, before: @Sendable () throws -> [any Service] = { [] }
    ) async throws {
        let layout = configuration.layout
        try layout.validate()
        // A worker that died while idle must not take the daemon with it when it is sent a job:
        // the write then fails with EPIPE instead.
        signal(SIGPIPE, SIG_IGN)
        let lock = try SpoolLock(layout: layout)
        let validator = configuration.validator
        let recovery = SpoolRecovery(layout: layout, logger: logger, maxCrashes: configuration.scheduler.maxCrashes)
        recovery.restoreStaging()
        let requeued = recovery.recoverProcessing(validator: validator)
        logger.info(
            "mediaspool daemon started",
            metadata: ["spool": "\(layout.root)", "pid": "\(getpid())", "recovered": "\(requeued.count)"])

        let supporting = try before()
        let scheduler = Scheduler(
            layout: layout, validator: validator, configuration: configuration.scheduler, observer: configuration.observer,
            vitals: configuration.vitals, logger: logger)
        let watcher = InboxWatcher(
            layout: layout, validator: validator, configuration: configuration.watcher, observer: configuration.observer,
            vitals: configuration.vitals, logger: logger, onAccepted: { scheduler.enqueue($0) })
        // Under systemd (Type=notify): READY=1, STATUS= and the watchdog from the reporter, which
        // starts first and stops last; STOPPING=1 from the notice, the first to hear of a shutdown.
        let notifier = SystemdNotifier()
        var services: [any Service] = supporting + [scheduler, watcher]
        if notifier.isEnabled {
            services =
                [SystemdReporter(notifier: notifier, vitals: configuration.vitals, logger: logger)] + services
                + [SystemdShutdownNotice(notifier: notifier)]
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
        logger.info("mediaspool daemon stopped")
        lock.release()
    }

    /// What workers run: `mediaspool-worker` beside the running binary when it is there (the
    /// worker alone, a far smaller program), else the running binary itself (`mediaspool work`).
    public static func workerExecutable() -> String {
        let current = currentExecutable()
        // A bare name (readlink failed and argv[0] came from a PATH lookup) has no folder to look in.
        guard let slash = current.lastIndex(of: "/") else { return current }
        let sibling = String(current[...slash]) + workerExecutableName
        return access(sibling, X_OK) == 0 ? sibling : current
    }

    public static let workerExecutableName = "mediaspool-worker"

    /// The running binary.
    public static func currentExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return CommandLine.arguments[0] }
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
