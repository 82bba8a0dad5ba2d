#if canImport(Glibc)
    import Glibc
#endif

/// Job folders moved into `inbox/` (DESIGN: "moving `failed/<id>` back into `inbox/` retries
/// it"). A folder named like a job id that holds `job.json` or `status.json` is a job folder;
/// its `status.json` says where it came from:
///
/// - `failed` with a valid `job.json`: retried as `mediaspool retry` retries it
///   (``JobControl/resetForRetry(_:in:shownAs:validator:layout:)``), then renamed into `pending/`.
/// - `pending` (a retry interrupted by a crash after its reset, or a job moved out of
///   `pending/` or `hold/`): into `pending/` as it is.
/// - `completed`: finished jobs are not run again (`retry` refuses them too): back into `done/`.
/// - `failed` without a valid `job.json` (a rejected drop): back into `failed/`.
/// - `processing`: back into `processing/`; when no supervisor of this daemon holds it, it is
///   then recovered like an orphan at start.
///
/// A job folder whose id another state folder holds, or that is not whole (no readable
/// `status.json`, or one naming another id), is rejected into `failed/<name>.rejected/` with
/// the folder kept whole inside as `source/`. A folder moved in (inotify's IN_MOVED_TO) is
/// whole at once; one that was created in place (`cp -r`, `rsync -r`) or found by a scan is
/// acted on only once its ``FolderSnapshot`` has not changed for the settle time. Folders
/// without job files are left alone, as any name not `*.json` is (a `*.json` one is refused
/// by the file path as before).
extension Intake {
    enum FolderOutcome {
        /// Not a folder, or a `*.json` folder without job files: the file path decides.
        case notJobFolder
        /// May still be being copied; looked at again after the settle time.
        case waiting
        /// Put back where it came from, left alone, or gone: nothing for the scheduler.
        case handled
        /// In `pending/` now: for the scheduler.
        case queued(QueuedJob)
        /// Staged for `failed/`, published with the batch.
        case rejected(Staged)
    }

    /// Inside a rejected folder drop's `failed/<name>.rejected/`: the dropped folder, whole.
    static let droppedFolderName = "source"

    /// Whether `inbox/<id>` is a folder (a job folder waiting to be taken back claims its id).
    func isJobFolderInInbox(_ id: String) -> Bool {
        (try? FileOps.info(layout.inbox + "/" + id))??.kind == .directory
    }

    mutating func takeFolder(_ name: String, renamed: Bool, now: Double, claimed: inout Set<String>) throws(SpoolError)
        -> FolderOutcome
    {
        let path = layout.inbox + "/" + name
        guard let snapshot = try FolderSnapshot(of: path) else {
            // A file, or gone. A *.json name's settle entry is the file path's to keep or drop.
            if !InboxName.isCandidate(name) { settle.forget(name) }
            return .notJobFolder
        }
        let hasJobFiles = snapshot.contains("job.json") || snapshot.contains(StatusFile.name)
        if !hasJobFiles && InboxName.isCandidate(name) {
            settle.forget(name)
            return .notJobFolder
        }
        if !renamed && !settle.isSettled(name, version: .folder(snapshot), now: now) { return .waiting }
        settle.forget(name)
        guard hasJobFiles else { return .handled }
        let owner = snapshot.folder.ownerUID
        guard configuration.submitters.allows(uid: owner) else {
            return try rejectFolder(name, JobError(.forbidden, field: nil, reason: SubmitterPolicy.refusal(uid: owner)), claimed: &claimed)
        }
        guard let status = StatusFile.read(from: path), status.jobId == name else {
            let what =
                StatusFile.read(from: path).map { "its status.json names job \"\($0.jobId)\" (a job folder is named after its job)" }
                ?? "it has no readable status.json"
            let reason =
                "inbox/\(name) is not a job folder: \(what). Only job files (regular *.json files) and job folders moved out of"
                + " failed/ can be dropped here; the folder is kept whole in source/ beside this status"
            return try rejectFolder(name, JobError(.notRegularFile, field: nil, reason: reason), claimed: &claimed)
        }
        let home: JobState =
            switch status.status {
            case .pending: .pending
            case .processing: .processing
            case .completed: .done
            case .failed: .failed
            }
        if claimed.contains(name) || layout.locate(name) != nil {
            let place = layout.locate(name).map { "\($0.folderName)/\(name)" } ?? "another drop of this intake round"
            let reason =
                "job \"\(name)\" exists already (\(place)); this copy of its folder is kept whole in source/ beside this status."
                + " Remove one of the two, then move the other into inbox/ again"
            return try rejectFolder(name, JobError(.duplicateID, field: "id", reason: reason), kind: status.kind, claimed: &claimed)
        }
        claimed.insert(name)
        switch status.status {
        case .failed:
            guard case .success(let job) = JobFolder.readJob(in: path, validator: validator), job.id == name else {
                _ = try putBack(
                    name, status: status, into: home,
                    because: "it has no valid job.json (a rejected drop): fix its source.json and drop that file into inbox/")
                return .handled
            }
            return try retry(name, job: job)
        case .pending:
            guard try moveOut(name, into: .pending) else { return .handled }
            observer.record(JobChange(id: name, event: .changed, state: .pending, status: status))
            logger.notice("job folder moved back into pending/", metadata: ["job.id": "\(name)"])
            return QueuedJob(status: status).map(FolderOutcome.queued) ?? .handled
        case .completed:
            _ = try putBack(
                name, status: status, into: home,
                because: "a job that completed is not run again (as `mediaspool retry` refuses it); submit a new job to run it again")
            return .handled
        case .processing:
            let ours = status.lease.map { $0.daemonPid == getpid() && $0.isFromThisBoot } ?? false
            guard try putBack(name, status: status, into: home, because: "it was moved out of processing/"), !ours else { return .handled }
            // No supervisor of this daemon holds it: settle it as an orphan, like at start.
            let recovery = SpoolRecovery(layout: layout, logger: logger, maxCrashes: configuration.maxCrashes)
            return try recovery.recover(name, validator: validator).map(FolderOutcome.queued) ?? .handled
        }
    }

    /// Resets a failed job exactly as `mediaspool retry` does, in the inbox, then renames it into
    /// `pending/`. A crash in between leaves it in the inbox with a pending status, which the
    /// next look moves on.
    private mutating func retry(_ name: String, job: Job) throws(SpoolError) -> FolderOutcome {
        let (status, _) = try JobControl.resetForRetry(
            name, in: layout.inbox + "/" + name, shownAs: "inbox/\(name)", validator: validator, layout: layout)
        guard try moveOut(name, into: .pending) else { return .handled }
        observer.record(JobChange(id: name, event: .retried, state: .pending, status: status, optionsKey: job.optionsKey))
        logger.notice(
            "job retried: its folder was moved into the inbox",
            metadata: ["job.id": "\(name)", "job.kind": "\(job.kind.rawValue)", "job.lastError": "\(status.lastError ?? "")"])
        return QueuedJob(status: status).map(FolderOutcome.queued) ?? .handled
    }

    private func putBack(_ name: String, status: JobStatus, into state: JobState, because reason: String) throws(SpoolError) -> Bool {
        guard try moveOut(name, into: state) else { return false }
        observer.record(JobChange(id: name, event: .changed, state: state, status: status))
        logger.warning(
            "job folder in the inbox not retried; put back into \(state.folderName)/",
            metadata: ["job.id": "\(name)", "folder": "\(state.folderName)/\(name)", "reason": "\(reason)"])
        return true
    }

    /// One rename out of the inbox (never replacing a folder), then both folders fsynced. False
    /// when the folder is no longer there: someone else took it (another daemon on a shared spool).
    private func moveOut(_ name: String, into state: JobState) throws(SpoolError) -> Bool {
        do {
            try FileOps.renameNoReplace(layout.inbox + "/" + name, layout.jobFolder(name, in: state))
        } catch  where error.code == .notFound && !FileOps.exists(layout.inbox + "/" + name) {
            return false
        }
        try FileOps.syncDirectory(layout.folder(state))
        try FileOps.syncDirectory(layout.inbox)
        return true
    }

    /// Stages a rejection: a status saying why, and the dropped folder moved in whole as `source/`.
    private mutating func rejectFolder(_ name: String, _ error: JobError, kind: String? = nil, claimed: inout Set<String>)
        throws(SpoolError) -> FolderOutcome
    {
        let path = layout.inbox + "/" + name
        let owner = (try FileOps.info(path))?.ownerUID ?? 0
        let folder = try makeStagingFolder()
        let createdAt = Timestamp.now()
        let rejectedName = freeRejectedName(for: name, claimed: &claimed)
        var status = JobStatus(jobId: rejectedName, kind: kind, status: .failed, createdAt: createdAt, maxAttempts: 0)
        status.setError(error)
        status.completedAt = createdAt
        status.source = SourceInfo(name: name, size: 0, submittedBy: owner)
        do {
            try StatusFile.write(status, to: folder, sync: false)
            try FileOps.renameNoReplace(path, folder + "/" + Self.droppedFolderName)
        } catch {
            // The dropped folder is still in the inbox: only the staging folder goes.
            try? FileOps.removeTree(folder)
            if error.code == .notFound { return .handled }
            throw error
        }
        return .rejected(Staged(sourceName: name, folder: folder, status: status, rejectedName: rejectedName))
    }
}
