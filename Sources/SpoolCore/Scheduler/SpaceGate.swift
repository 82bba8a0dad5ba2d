import Logging

/// Holds jobs back while the spool's file system is short of space: a job starts only if
/// `minFreeBytes` stays free after its expected outputs. Says so once in the log, and in the
/// daemon's vitals for `/healthz`, until space returns.
struct SpaceGate {
    private var waiting = false

    mutating func allows(
        _ queued: QueuedJob, layout: SpoolLayout, validator: JobValidator, configuration: SchedulerConfiguration, vitals: DaemonVitals?,
        logger: Logger
    ) -> Bool {
        guard configuration.minFreeBytes > 0, let available = DiskSpace.availableBytes(at: layout.root) else { return true }
        var expected: Int64 = 0
        if case .success(let job) = JobFolder.readJob(in: layout.jobFolder(queued.id, in: .pending), validator: validator) {
            expected = DiskSpace.expectedOutputBytes(of: job, roots: validator.roots)
        }
        let needed = configuration.minFreeBytes + expected
        if available >= needed {
            if waiting {
                logger.notice("disk space is back; jobs start again", metadata: ["disk.free.mib": "\(available >> 20)"])
                vitals?.diskWait(nil)
                waiting = false
            }
            return true
        }
        let reason =
            "waiting for disk space: \(available >> 20) MiB free, job \(queued.id) needs \(needed >> 20) MiB (its expected outputs plus --min-free-mb)"
        if !waiting {
            logger.warning("jobs wait for disk space", metadata: ["job.id": "\(queued.id)", "reason": "\(reason)"])
        }
        waiting = true
        vitals?.diskWait(reason)
        return false
    }
}
