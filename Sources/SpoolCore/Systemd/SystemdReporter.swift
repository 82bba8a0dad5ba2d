import Logging
import ServiceLifecycle

/// The `Service` that keeps systemd informed about `mediaspool run` (`Type=notify`):
///
/// - `READY=1` once the watcher and the scheduler have both gone round their loops (recovery
///   happens before they start), with the first `STATUS=`;
/// - `STATUS=3 pending, 2 processing, 2/2 workers busy` whenever that changes, at most once
///   a second (`systemctl status` shows it);
/// - `WATCHDOG=1` every half `WatchdogSec=`, but only while both loops have gone round
///   recently, so a wedged daemon stops petting and systemd restarts it. While stopping
///   (``SystemdNotifier/isStopping``: the watcher has ended) the scheduler's loop alone counts.
///
/// List it first in the `ServiceGroup`: it then starts before and stops after everything it watches.
public final class SystemdReporter: Service, Sendable {
    let notifier: SystemdNotifier
    let vitals: DaemonVitals
    let silenceLimit: Double
    let logger: Logger

    /// `silenceLimit`: how long a loop may go without a beat before the watchdog is no longer
    /// petted. By default half the watchdog timeout, but at least 5 s: a scan of a huge inbox or
    /// an fsync on a busy disk legitimately holds a loop for a few seconds.
    public init(notifier: SystemdNotifier, vitals: DaemonVitals, silenceLimit: Double? = nil, logger: Logger) {
        self.notifier = notifier
        self.vitals = vitals
        self.silenceLimit = silenceLimit ?? max((notifier.watchdogTimeout ?? 0) / 2, 5)
        self.logger = logger
    }

    public func run() async throws {
        let petInterval = notifier.watchdogTimeout.map { $0 / 2 }
        var ready = false
        var sentStatus = ""
        var sentStatusAt = -Double.infinity
        var nextPet = 0.0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let now = InboxWatcher.monotonicNow()
            if !ready {
                if vitals.isRunning {
                    let status = statusLine
                    notifier.notify("READY=1", "STATUS=\(status)")
                    logger.debug("told systemd the daemon is ready", metadata: ["watchdog.seconds": "\(notifier.watchdogTimeout ?? 0)"])
                    (ready, sentStatus, sentStatusAt) = (true, status, now)
                }
            } else if now - sentStatusAt >= 1, case let status = statusLine, status != sentStatus {
                notifier.notify("STATUS=\(status)")
                (sentStatus, sentStatusAt) = (status, now)
            }
            // systemd arms the watchdog only once start-up is complete (READY=1).
            if ready, let petInterval, now >= nextPet {
                if loopsAlive { notifier.notify("WATCHDOG=1") }
                nextPet = now + petInterval
            }
            try? await Task.sleep(for: .milliseconds(min(250, Int((petInterval ?? 1) * 1000))))
        }
    }

    /// `3 pending, 2 processing, 2/2 workers busy`, with `stopping: ` in front once stopping,
    /// and `; waiting for disk space: …` after it while jobs wait for space.
    var statusLine: String {
        let busy = vitals.busyWorkers
        var line = "\(vitals.queuedJobs) pending, \(busy) processing, \(busy)/\(vitals.workers) workers busy"
        if let waiting = vitals.diskWaiting { line += "; waiting for disk space: \(waiting)" }
        return notifier.isStopping ? "stopping: " + line : line
    }

    private var loopsAlive: Bool {
        let silence = vitals.loopSilence
        return silence.scheduler < silenceLimit && (notifier.isStopping || silence.watcher < silenceLimit)
    }
}
