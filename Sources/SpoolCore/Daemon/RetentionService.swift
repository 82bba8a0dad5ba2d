import Logging
import ServiceLifecycle

/// Automatic retention: every so often, job folders that finished (in `done/` or `failed/`)
/// longer ago than the retention period are removed, as `mediaspool gc` does (the ledger keeps
/// their history), and what a crash left in `.gc/` is deleted.
public struct RetentionService: Service {
    public struct Configuration: Sendable {
        /// Finished jobs older than this are removed; 0 keeps them for ever.
        public var retainSeconds: Double
        /// Seconds between two sweeps; the first comes a minute after the start.
        public var intervalSeconds: Double

        public init(retainSeconds: Double = 30 * 86_400, intervalSeconds: Double = 3600) {
            self.retainSeconds = retainSeconds
            self.intervalSeconds = intervalSeconds
        }
    }

    let layout: SpoolLayout
    let configuration: Configuration
    let observer: any JobObserver
    let logger: Logger
    let firstDelaySeconds: Double

    public init(
        layout: SpoolLayout, configuration: Configuration, observer: any JobObserver, logger: Logger, firstDelaySeconds: Double = 60
    ) {
        self.layout = layout
        self.configuration = configuration
        self.observer = observer
        self.logger = logger
        self.firstDelaySeconds = min(firstDelaySeconds, configuration.intervalSeconds)
    }

    public func run() async throws {
        var delay = firstDelaySeconds
        while !Task.isShuttingDownGracefully {
            do {
                let seconds = delay
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(seconds)) }
            } catch {
                return
            }
            if Task.isShuttingDownGracefully { return }
            sweep()
            delay = configuration.intervalSeconds
        }
    }

    /// One pass; returns the number of job folders removed.
    @discardableResult
    public func sweep(now: Timestamp = .now()) -> Int {
        cleanTemporaries()
        guard configuration.retainSeconds > 0 else { return 0 }
        let cutoff = now.adding(seconds: -configuration.retainSeconds)
        let candidates: [JobControl.Finished]
        do {
            candidates = try JobControl.finished(before: cutoff, layout: layout)
        } catch {
            logger.error("retention: cannot list finished jobs", metadata: ["error": "\(error)"])
            return 0
        }
        var removed = 0
        for job in candidates {
            do {
                try JobControl.remove(job, layout: layout)
                observer.record(JobChange(id: job.id, event: .removed, state: nil, status: nil))
                removed += 1
            } catch {
                logger.warning(
                    "retention: cannot remove a finished job", metadata: ["job.id": "\(job.id)", "error": "\(error.message)"])
            }
        }
        if removed > 0 {
            logger.info("retention: removed finished jobs", metadata: ["jobs": "\(removed)", "finished.before": "\(cutoff)"])
        }
        return removed
    }

    private func cleanTemporaries() {
        for entry in (try? FileOps.list(layout.trash)) ?? [] { try? FileOps.removeTree(layout.trash + "/" + entry) }
    }
}
