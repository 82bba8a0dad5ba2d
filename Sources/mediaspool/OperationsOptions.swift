import ArgumentParser
import SpoolCore

/// `run`'s options for operating unattended: stalls and crashes, disk space, retention,
/// fairness between users, and who may submit.
struct OperationsOptions: ParsableArguments {
    @Option(help: "A worker that sends no progress report for this many seconds is stopped and its job retried.")
    var stallSeconds: Double = 300

    @Option(help: "A job that crashes or stalls its worker (or dies with the daemon) this many times fails as crashed-repeatedly.")
    var maxCrashes: Int = 3

    @Option(help: "A job starts only if this many MiB stay free on the spool's file system after its expected outputs (0: no check).")
    var minFreeMb: Int = 256

    @Option(help: ArgumentHelp("Remove finished jobs (done/, failed/) older than this: 12h, 30d, 2w; 0 keeps them.", valueName: "duration"))
    var retain: String = "30d"

    @Option(help: "Jobs one user (userId, else the submitting uid) may run at once (0: no limit).")
    var userMaxRunning: Int = 0

    @Option(help: "Jobs one user may have waiting or running; more are rejected as quota-exceeded (0: no limit).")
    var userMaxPending: Int = 0

    @Option(
        name: .customLong("allow-user"),
        help: ArgumentHelp("Only files owned by these users (names or uids) are accepted as jobs (repeatable).", valueName: "user"))
    var allowUsers: [String] = []

    @Option(
        name: .customLong("allow-group"),
        help: ArgumentHelp("… or by members of these groups (names or gids; repeatable).", valueName: "group"))
    var allowGroups: [String] = []

    func validate() throws {
        guard stallSeconds > 0 else { throw ValidationError("--stall-seconds must be positive") }
        guard maxCrashes >= 1 else { throw ValidationError("--max-crashes must be at least 1") }
        guard minFreeMb >= 0, userMaxRunning >= 0, userMaxPending >= 0 else {
            throw ValidationError("--min-free-mb, --user-max-running and --user-max-pending must not be negative")
        }
        guard retainSeconds != nil else { throw ValidationError("--retain \(retain): expected a duration like 30d, or 0") }
        do { _ = try submitters() } catch { throw ValidationError(error.message) }
    }

    var retainSeconds: Double? { retain == "0" ? 0 : DurationText.seconds(retain) }

    func submitters() throws(SpoolError) -> SubmitterPolicy {
        try SubmitterPolicy(userNames: allowUsers, groupNames: allowGroups)
    }

    /// Applies these options to the daemon's configuration.
    func apply(to configuration: inout DaemonConfiguration) throws {
        let load = UserLoad()
        configuration.scheduler.stallSeconds = stallSeconds
        configuration.scheduler.maxCrashes = maxCrashes
        configuration.watcher.intake.maxCrashes = maxCrashes
        configuration.scheduler.minFreeBytes = Int64(minFreeMb) << 20
        configuration.scheduler.userMaxRunning = userMaxRunning
        configuration.scheduler.load = load
        configuration.watcher.intake.userMaxPending = userMaxPending
        configuration.watcher.intake.load = load
        configuration.watcher.intake.submitters = try submitters()
    }

    var retention: RetentionService.Configuration {
        RetentionService.Configuration(retainSeconds: retainSeconds ?? 0)
    }
}
