import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// What a daemon does to a spool before it starts: put back files that intake had staged,
/// and settle every job a previous daemon left in `processing/` (requeue it, finish it if it
/// had completed, or fail it once its attempts are spent). Runs under the spool lock, so no
/// other daemon touches these folders meanwhile.
public struct SpoolRecovery: Sendable {
    public let layout: SpoolLayout
    public let logger: Logger
    /// An orphaned job counts as a crash; at this many it fails as `crashed-repeatedly`
    /// (a job that takes the daemon down with it must not do so for ever).
    public var maxCrashes: Int

    public init(layout: SpoolLayout, logger: Logger, maxCrashes: Int = 3) {
        self.layout = layout
        self.logger = logger
        self.maxCrashes = maxCrashes
    }

    /// Every staging folder goes away; a dropped file found in one returns to the inbox under
    /// its own name, to be taken in again.
    public func restoreStaging() {
        for entry in (try? FileOps.list(layout.trash)) ?? [] { try? FileOps.removeTree(layout.trash + "/" + entry) }
        for entry in (try? FileOps.list(layout.staging)) ?? [] {
            restoreStagingFolder(layout.staging + "/" + entry, fallbackName: "recovered-\(entry).json")
        }
    }

    /// In a batch's staging folder: every element is durable, publishing has begun, so
    /// recovery finishes it instead of returning the file to the inbox.
    static let publishingMarker = "PUBLISHING"

    func restoreStagingFolder(_ folder: String, fallbackName: String) {
        if FileOps.exists(folder + "/" + Self.publishingMarker) {
            finishPublishing(folder)
            return
        }
        let dropped = folder + "/" + Intake.droppedFolderName
        if (try? FileOps.info(dropped))??.kind == .directory {
            // A job folder from the inbox, caught between its move into staging and its rejection.
            // Never removed with the staging folder: if it cannot go back, it stays for the next try.
            guard returnFolder(dropped, named: StatusFile.read(from: folder)?.source?.name, fallbackName: fallbackName) else { return }
        }
        let source = folder + "/source.json"
        if FileOps.exists(source) {
            var name = StatusFile.read(from: folder)?.source?.name ?? fallbackName
            if name.contains("/") || !InboxName.isCandidate(name) { name = fallbackName }
            do {
                try FileOps.renameNoReplace(source, layout.inbox + "/" + name)
            } catch  where error.code == .alreadyExists {
                // Both names taken: the file stays in its staging folder for the next start,
                // which is never removed while it holds it.
                name = InboxName.stem(name) + "." + fallbackName
                do { try FileOps.renameNoReplace(source, layout.inbox + "/" + name) } catch {
                    logger.error("cannot return a staged file to the inbox", metadata: ["folder": "\(folder)", "error": "\(error)"])
                    return
                }
            } catch {
                logger.error("cannot return a staged file to the inbox", metadata: ["folder": "\(folder)", "error": "\(error)"])
                return
            }
            logger.notice("returned an interrupted drop to the inbox", metadata: ["file": "\(name)"])
        }
        do {
            try FileOps.removeTree(folder)
        } catch {
            logger.error("cannot remove a staging folder", metadata: ["folder": "\(folder)", "error": "\(error)"])
        }
    }

    /// Puts a dropped folder back into the inbox under its own name (a job id), or else a
    /// recovered name; intake then looks at it again.
    private func returnFolder(_ path: String, named name: String?, fallbackName: String) -> Bool {
        let fallback = InboxName.rejectedBase(fallbackName)
        var name = name.flatMap { InboxName.mayBeJobFolder($0) ? $0 : nil } ?? fallback
        do {
            try FileOps.renameNoReplace(path, layout.inbox + "/" + name)
        } catch  where error.code == .alreadyExists {
            name = String((name + "." + fallback).prefix(128))
            do { try FileOps.renameNoReplace(path, layout.inbox + "/" + name) } catch {
                logger.error("cannot return a staged folder to the inbox", metadata: ["folder": "\(path)", "error": "\(error)"])
                return false
            }
        } catch {
            logger.error("cannot return a staged folder to the inbox", metadata: ["folder": "\(path)", "error": "\(error)"])
            return false
        }
        logger.notice("returned an interrupted folder drop to the inbox", metadata: ["folder": "\(name)"])
        return true
    }

    /// Settles every job in `processing/`; returns those put back into `pending/`.
    public func recoverProcessing(validator: JobValidator) -> [QueuedJob] {
        var requeued: [QueuedJob] = []
        for id in (try? FileOps.list(layout.folder(.processing))) ?? [] where !id.hasPrefix(".") {
            do {
                if let job = try recover(id, validator: validator) { requeued.append(job) }
            } catch {
                logger.error("cannot recover job", metadata: ["job.id": "\(id)", "error": "\(error)"])
            }
        }
        return requeued
    }

    /// Settles job `id` in `processing/` (no supervisor may hold it): finished, requeued or failed.
    func recover(_ id: String, validator: JobValidator) throws(SpoolError) -> QueuedJob? {
        let folder = layout.jobFolder(id, in: .processing)
        try JobFolder.removePartialFiles(in: folder)
        let now = Timestamp.now()
        guard var status = StatusFile.read(from: folder), status.jobId == id else {
            return try failDamaged(id, folder: folder, now: now, validator: validator)
        }
        if status.status == .completed, outputsAreWhole(status, in: folder) {
            try CallbackMarker.armFromJob(in: folder)
            try JobFolder.move(id, from: .processing, to: .done, in: layout)
            logger.notice("job had completed before the restart", metadata: ["job.id": "\(id)"])
            return nil
        }
        let orphanedBy = describeLease(status, id: id)
        try JobFolder.removeAttemptFiles(in: folder)
        status.workerPid = nil
        status.lease = nil
        status.phase = nil
        status.progress = 0
        status.estimatedSeconds = nil
        status.updatedAt = now
        let interruption = "the daemon stopped while attempt \(status.attempts) of \(status.maxAttempts) was running\(orphanedBy)"
        let crashes = (status.crashes ?? 0) + 1
        status.crashes = crashes
        if crashes >= maxCrashes {
            status.status = .failed
            status.completedAt = now
            status.setError(
                JobError(
                    .crashedRepeatedly, field: nil,
                    reason: "\(interruption); the job was interrupted by a crash \(crashes) times and is not tried again"))
            try StatusFile.write(status, to: folder)
            try CallbackMarker.armFromJob(in: folder)
            try JobFolder.move(id, from: .processing, to: .failed, in: layout)
            logger.warning("job failed: crashed repeatedly", metadata: ["job.id": "\(id)", "job.crashes": "\(crashes)"])
            return nil
        }
        if status.attempts >= status.maxAttempts {
            status.status = .failed
            status.completedAt = now
            status.setError(JobError(.interrupted, field: nil, reason: interruption + "; no attempts are left (resubmit to try again)"))
            try StatusFile.write(status, to: folder)
            try CallbackMarker.armFromJob(in: folder)
            try JobFolder.move(id, from: .processing, to: .failed, in: layout)
            logger.warning("job failed: interrupted with no attempts left", metadata: ["job.id": "\(id)"])
            return nil
        }
        status.status = .pending
        status.lastError = interruption
        status.outputs = []
        status.outputUrl = nil
        status.outputSize = nil
        try StatusFile.write(status, to: folder)
        try JobFolder.move(id, from: .processing, to: .pending, in: layout)
        logger.notice("job requeued after an interruption", metadata: ["job.id": "\(id)", "job.attempts": "\(status.attempts)"])
        return QueuedJob(status: status)
    }

    /// Who held the orphan, for the log and `lastError`; a worker of this boot that is somehow
    /// still alive (it dies with its daemon, normally) is killed so two never write one folder.
    private func describeLease(_ status: JobStatus, id: String) -> String {
        guard let lease = status.lease else { return "" }
        let ago = Int((Timestamp.now().seconds - lease.heartbeatAt.seconds).rounded())
        guard lease.isFromThisBoot else {
            return " (daemon pid \(lease.daemonPid) before a reboot, last heartbeat \(lease.heartbeatAt))"
        }
        if let pid = status.workerPid, Self.isWorker(pid) {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
            logger.warning("killed an orphaned worker", metadata: ["job.id": "\(id)", "worker.pid": "\(pid)"])
        }
        return " (daemon pid \(lease.daemonPid), last heartbeat \(ago) s before this start)"
    }

    /// Whether `pid` is a live `mediaspool-worker work` (or `mediaspool work`) process.
    private static func isWorker(_ pid: Int32) -> Bool {
        guard pid > 0, let bytes = try? FileOps.readRegularFile("/proc/\(pid)/cmdline", maxBytes: 1 << 16).bytes else { return false }
        let arguments = bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return arguments.count >= 2 && (arguments[0].hasSuffix("mediaspool") || arguments[0].hasSuffix(Daemon.workerExecutableName))
            && arguments[1] == "work"
    }

    /// A folder without a readable status: rebuild one from `job.json` and requeue, or fail it.
    private func failDamaged(_ id: String, folder: String, now: Timestamp, validator: JobValidator) throws(SpoolError) -> QueuedJob? {
        try JobFolder.removeAttemptFiles(in: folder)
        if case .success(let job) = JobFolder.readJob(in: folder, validator: validator), job.id == id {
            var status = JobStatus(
                jobId: id, kind: job.kind.rawValue, status: .pending, createdAt: now, maxAttempts: job.maxAttempts, priority: job.priority)
            status.userId = job.userId
            status.attempts = 1
            status.lastError = "status.json was unreadable after a restart; rebuilt from job.json"
            try StatusFile.write(status, to: folder)
            try JobFolder.move(id, from: .processing, to: .pending, in: layout)
            logger.warning("job status rebuilt from job.json and requeued", metadata: ["job.id": "\(id)"])
            return QueuedJob(status: status)
        }
        var status = JobStatus(jobId: id, kind: nil, status: .failed, createdAt: now, maxAttempts: 0)
        status.completedAt = now
        status.setError(JobError(.internalError, field: nil, reason: "the job folder was damaged (no readable status.json or job.json)"))
        try StatusFile.write(status, to: folder)
        try CallbackMarker.armFromJob(in: folder)
        try JobFolder.move(id, from: .processing, to: .failed, in: layout)
        logger.error("damaged job folder moved to failed", metadata: ["job.id": "\(id)"])
        return nil
    }

    private func outputsAreWhole(_ status: JobStatus, in folder: String) -> Bool {
        !status.outputs.isEmpty
            && status.outputs.allSatisfy { output in
                (try? FileOps.info(folder + "/" + output.name)).flatMap { $0 }.map { $0.kind == .regular && $0.size == output.size }
                    ?? false
            }
    }

    /// Moves each element still in a batch's staging folder into `pending/` (accepted) or
    /// `failed/` (rejected); an id taken meanwhile is rejected as a duplicate. Then the folder,
    /// with the batch file, goes. What cannot move stays for the next start.
    func finishPublishing(_ folder: String) {
        var remaining = 0
        for entry in (try? FileOps.list(folder)) ?? [] where (try? FileOps.info(folder + "/" + entry))??.kind == .directory {
            let member = folder + "/" + entry
            guard var status = StatusFile.read(from: member) else {
                logger.error("a batch element has no readable status; it is left in staging", metadata: ["folder": "\(member)"])
                remaining += 1
                continue
            }
            do {
                if status.status == .pending {
                    do {
                        try FileOps.renameNoReplace(member, layout.jobFolder(status.jobId, in: .pending))
                        continue
                    } catch  where error.code == .alreadyExists {
                        status.setError(
                            JobError(.duplicateID, field: "id", reason: "job \"\(status.jobId)\" already exists; give the job another id"))
                        status.status = .failed
                        status.completedAt = status.createdAt
                        status.jobId = freeFailedName(InboxName.rejectedBase(status.jobId + ".json") + ".rejected")
                        try CallbackMarker.armFromJob(in: member)
                        try? FileOps.remove(member + "/job.json")
                        try StatusFile.write(status, to: member)
                    }
                }
                let name = freeFailedName(status.jobId)
                if name != status.jobId {
                    status.jobId = name
                    try StatusFile.write(status, to: member)
                }
                try FileOps.renameNoReplace(member, layout.jobFolder(name, in: .failed))
            } catch {
                logger.error("cannot publish a batch element", metadata: ["folder": "\(member)", "error": "\(error)"])
                remaining += 1
            }
        }
        try? FileOps.syncDirectory(layout.folder(.pending))
        try? FileOps.syncDirectory(layout.folder(.failed))
        guard remaining == 0 else { return }
        do {
            try FileOps.removeTree(folder)
            logger.notice("finished publishing an interrupted batch", metadata: ["folder": "\(folder)"])
        } catch {
            logger.error("cannot remove a staging folder", metadata: ["folder": "\(folder)", "error": "\(error)"])
        }
    }

    /// `name`, or `name-2`, `name-3` … when `failed/` has it already.
    private func freeFailedName(_ name: String) -> String {
        var candidate = name
        var counter = 1
        while FileOps.exists(layout.jobFolder(candidate, in: .failed)) {
            counter += 1
            candidate = "\(name)-\(counter)"
        }
        return candidate
    }
}
