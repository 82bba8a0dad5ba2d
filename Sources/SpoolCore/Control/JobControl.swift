/// What an operator's commands do to job folders (`retry`, `cancel`, `gc`). Each change is a
/// status write and one rename, like the daemon's own, so it is whole or not at all; the
/// daemon notices the moved folder (it watches `pending/`) and the ledger follows.
public enum JobControl {
    /// Moves `failed/<id>` back to `pending/<id>` with its attempts reset. The previous error
    /// stays in `lastError`.
    public static func retry(_ id: String, layout: SpoolLayout, validator: JobValidator) throws(SpoolError) -> JobStatus {
        guard let state = layout.locate(id) else {
            if (try? FileOps.info(layout.inbox + "/" + id))??.kind == .directory {
                throw SpoolError(
                    .invalidArgument, "job \(id) is in inbox/: the daemon is taking it back already (`mediaspool status \(id)`)")
            }
            throw SpoolError(.notFound, "no job \(id) in \(layout.root)")
        }
        guard state == .failed else {
            throw SpoolError(.invalidArgument, "job \(id) is in \(state.folderName)/; only failed jobs can be retried")
        }
        let (status, _) = try resetForRetry(
            id, in: layout.jobFolder(id, in: .failed), shownAs: "failed/\(id)", validator: validator, layout: layout)
        try JobFolder.move(id, from: .failed, to: .pending, in: layout)
        return status
    }

    /// Makes the failed job in `folder` ready for fresh attempts, in place: its `job.json` is
    /// read back through the validator (and must name `id`), its `status.json` rewritten as
    /// pending with attempts, crashes, outputs and times reset (the previous error kept in
    /// `lastError`), and a `CANCEL` left in it removed. Moving the folder into `pending/` is
    /// the caller's: `retry` does it from `failed/`, intake from `inbox/` (a failed job's
    /// folder moved there by hand). `shownAs` names the folder in errors.
    ///
    /// A callback of the failure still waiting in the folder (`.callback`: the daemon hands
    /// markers to the outbox within a second, but none may be running) is handed to `layout`'s
    /// outbox first, with the failed `status.json` as its body; left in the folder, the next
    /// outcome's marker would replace it and the failure would never be reported.
    public static func resetForRetry(
        _ id: String, in folder: String, shownAs: String, validator: JobValidator, layout: SpoolLayout
    ) throws(SpoolError) -> (status: JobStatus, job: Job) {
        guard case .success(let job) = JobFolder.readJob(in: folder, validator: validator), job.id == id else {
            throw SpoolError(
                .invalidArgument,
                "\(shownAs) has no valid job.json (a rejected drop): fix \(shownAs)/source.json and drop it into inbox/ again")
        }
        guard var status = StatusFile.read(from: folder) else { throw SpoolError(.invalidSpool, "\(shownAs)/status.json is unreadable") }
        if FileOps.exists(folder + "/" + CallbackMarker.name) {
            _ = try CallbackOutbox(layout: layout).adopt(id, folder: folder, finishedIn: .failed)
        }
        status.lastError = status.error.map { "before the retry: \($0)" }
        status.setError(nil)
        status.problems = nil
        status.status = .pending
        status.attempts = 0
        status.maxAttempts = job.maxAttempts
        status.progress = 0
        status.phase = nil
        status.estimatedSeconds = nil
        status.startedAt = nil
        status.completedAt = nil
        status.nextAttemptAt = nil
        status.outputs = []
        status.outputUrl = nil
        status.outputSize = nil
        status.resources = nil
        status.workerPid = nil
        status.crashes = nil
        status.lease = nil
        status.updatedAt = .now()
        try? FileOps.remove(folder + "/" + JobFolder.cancelMarker)
        try StatusFile.write(status, to: folder)
        return (status, job)
    }

    /// Fails a job that no worker holds (in `hold/`, or in `pending/` while no daemon runs) as
    /// cancelled, moving it to `failed/`.
    public static func cancelUnclaimed(_ id: String, in state: JobState, layout: SpoolLayout) throws(SpoolError) -> JobStatus {
        let folder = layout.jobFolder(id, in: state)
        let now = Timestamp.now()
        var status = StatusFile.read(from: folder) ?? JobStatus(jobId: id, kind: nil, status: .failed, createdAt: now, maxAttempts: 0)
        status.status = .failed
        status.completedAt = now
        status.updatedAt = now
        status.nextAttemptAt = nil
        status.setError(JobError(.cancelled, field: nil, reason: "cancelled before it started"))
        try StatusFile.write(status, to: folder)
        try CallbackMarker.armFromJob(in: folder)
        try JobFolder.move(id, from: state, to: .failed, in: layout)
        return status
    }

    /// Asks the daemon to cancel a pending or processing job: `CANCEL` in its folder.
    public static func requestCancel(_ id: String, in state: JobState, layout: SpoolLayout) throws(SpoolError) {
        try FileOps.writeFile(layout.jobFolder(id, in: state) + "/" + JobFolder.cancelMarker, [], sync: true)
    }

    /// A finished job folder that `gc` may remove.
    public struct Finished: Sendable {
        public var id: String
        public var state: JobState
        public var finishedAt: Timestamp
    }

    /// Jobs in `done/` and `failed/` that finished before `cutoff` (by `completedAt`, else
    /// `updatedAt`, else the folder's modification time).
    public static func finished(before cutoff: Timestamp, layout: SpoolLayout) throws(SpoolError) -> [Finished] {
        var found: [Finished] = []
        for state in [JobState.done, .failed] {
            for id in try FileOps.list(layout.folder(state)) where !id.hasPrefix(".") {
                let folder = layout.jobFolder(id, in: state)
                let status = StatusFile.read(from: folder)
                let modified = (try? FileOps.info(folder))??.modifiedNanoseconds
                guard let time = status?.completedAt ?? status?.updatedAt ?? modified.map({ Timestamp(microseconds: $0 / 1000) }),
                    time < cutoff
                else { continue }
                found.append(Finished(id: id, state: state, finishedAt: time))
            }
        }
        return found
    }

    /// Removes a finished job's folder: first renamed into `.gc/` (so it leaves its state
    /// folder at once, whole), then deleted. A daemon start clears what a crash left there.
    public static func remove(_ job: Finished, layout: SpoolLayout) throws(SpoolError) {
        if let key = StatusFile.read(from: layout.jobFolder(job.id, in: job.state))?.cache?.key {
            ResultCache(layout: layout).forget(key: key, jobID: job.id)
        }
        try FileOps.ensureDirectory(layout.trash)
        let aside = layout.trash + "/\(job.id)-\(Timestamp.now().microseconds)"
        try FileOps.renameNoReplace(layout.jobFolder(job.id, in: job.state), aside)
        try FileOps.syncDirectory(layout.folder(job.state))
        try FileOps.removeTree(aside)
    }
}
