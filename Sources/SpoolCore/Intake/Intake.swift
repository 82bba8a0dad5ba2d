import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Turns ready files of `inbox/` into job folders, a batch at a time.
///
/// For each file: read and validate it in place; build its folder under `.staging/<n>/`
/// (`status.json`, the normalised `job.json`); move the dropped file itself into that folder
/// as `source.json` (one rename, so it leaves the inbox exactly when it enters the staging
/// folder). Once the whole batch is durable (one `syncfs`, or per-file fsyncs for a small
/// batch), one rename per job publishes it into `pending/<id>` or, rejected, into
/// `failed/<name>.rejected`. A crash at any point leaves the file in the inbox or in a
/// staging folder that ``SpoolRecovery`` puts back: nothing is lost and nothing is
/// published twice.
struct Intake {
    let layout: SpoolLayout
    let validator: JobValidator
    let configuration: IntakeConfiguration
    let logger: Logger
    let observer: any JobObserver
    var settle: SettleTracker
    /// Whether the last batch met a file-system error (the watcher then pauses briefly).
    private(set) var hadErrors = false
    private var stagingCounter = 0
    /// Jobs accepted per owner in the current round, not yet counted by ``UserLoad``.
    private var acceptedThisRound: [String: Int] = [:]
    /// Folders that inotify saw renamed into the inbox (whole, so they need no settle time).
    var renamedIn = Set<String>()
    private let stagingPrefix = "\(getpid())-"

    init(
        layout: SpoolLayout, validator: JobValidator, configuration: IntakeConfiguration, observer: any JobObserver = NoJobObserver(),
        logger: Logger
    ) {
        self.observer = observer
        self.layout = layout
        self.validator = validator
        self.configuration = configuration
        self.logger = logger
        self.settle = SettleTracker(settleSeconds: configuration.settleSeconds)
    }

    /// A job folder assembled in `.staging/`, waiting for its publishing rename.
    struct Staged {
        var sourceName: String
        var folder: String
        var status: JobStatus
        /// The accepted job, or nil for a rejected drop.
        var job: Job?
        /// Folder name under `failed/` for a rejected drop.
        var rejectedName: String?
        /// For a batch file: one staged folder per element, inside this one.
        var members: [Staged] = []
    }

    /// Handles `names` (inbox file and folder names, in arrival order) and returns the jobs it
    /// accepted, and those it took back from job folders moved into the inbox (``takeFolder``).
    mutating func process(_ names: [String], now: Double) -> [QueuedJob] {
        hadErrors = false
        acceptedThisRound = [:]
        defer { acceptedThisRound = [:] }
        var staged: [Staged] = []
        var retaken: [QueuedJob] = []
        var claimed = Set<String>()
        for name in names where InboxName.isCandidate(name) || InboxName.mayBeJobFolder(name) {
            let renamed = renamedIn.remove(name) != nil
            do {
                switch try takeFolder(name, renamed: renamed, now: now, claimed: &claimed) {
                case .notJobFolder:
                    if InboxName.isCandidate(name), let item = try stage(name, now: now, claimed: &claimed) { staged.append(item) }
                case .waiting, .handled:
                    break
                case .queued(let job):
                    retaken.append(job)
                case .rejected(let item):
                    staged.append(item)
                }
            } catch {
                hadErrors = true
                logger.error("intake failed", metadata: ["file": "\(name)", "error": "\(error)"])
            }
        }
        configuration.load?.accepted(retaken)
        guard !staged.isEmpty else { return retaken }
        do {
            try makeDurable(staged)
        } catch {
            // Publishing what is not durable could leave an empty job after a power loss:
            // leave the staging folders for recovery to put back into the inbox.
            hadErrors = true
            logger.error("intake could not sync staged jobs; they return to the inbox", metadata: ["error": "\(error)"])
            SpoolRecovery(layout: layout, logger: logger).restoreStaging()
            return retaken
        }
        var accepted: [QueuedJob] = []
        for item in staged {
            if item.members.isEmpty {
                if let job = publish(item) { accepted.append(job) }
            } else {
                accepted += publishBatch(item)
            }
            if FileOps.exists(item.folder) {
                hadErrors = true
                SpoolRecovery(layout: layout, logger: logger).restoreStagingFolder(item.folder, fallbackName: item.sourceName)
            }
        }
        for folder in [layout.folder(.pending), layout.folder(.failed), layout.staging] {
            do { try FileOps.syncDirectory(folder) } catch { logger.error("fsync failed", metadata: ["error": "\(error)"]) }
        }
        configuration.load?.accepted(accepted)
        return retaken + accepted
    }

    // MARK: Staging

    private mutating func stage(_ name: String, now: Double, claimed: inout Set<String>) throws(SpoolError) -> Staged? {
        let path = layout.inbox + "/" + name
        guard let info = try FileOps.info(path) else {
            settle.forget(name)
            return nil
        }
        let createdAt = Timestamp.now()
        let source = SourceInfo(name: name, size: info.size, submittedBy: info.ownerUID)
        var job: Job?
        var rejection: JobRejection?
        var kindName: String?
        var callbackUrl: String?
        var readVersion = info
        if !configuration.submitters.allows(uid: info.ownerUID) {
            rejection = JobRejection([JobError(.forbidden, field: nil, reason: SubmitterPolicy.refusal(uid: info.ownerUID))])
        } else if info.kind != .regular {
            let what = info.kind == .symlink ? "a symbolic link" : info.kind == .directory ? "a folder" : "not a regular file"
            rejection = JobRejection([
                JobError(
                    .notRegularFile, field: nil,
                    reason: "inbox/\(name) is \(what); job files must be regular files (symlinks are never followed)")
            ])
        } else if info.size > Int64(JobValidator.maxFileBytes) {
            rejection = JobRejection([
                JobError(
                    .tooLarge, field: nil, reason: "the file is \(info.size) bytes; job files may be at most \(JobValidator.maxFileBytes)")
            ])
        } else {
            let bytes: [UInt8]
            do {
                (bytes, readVersion) = try FileOps.readRegularFile(path, maxBytes: JobValidator.maxFileBytes)
            } catch  where error.code == .notFound {
                settle.forget(name)
                return nil
            } catch {
                rejection = JobRejection([JobError(.notRegularFile, field: nil, reason: "cannot read inbox/\(name): \(error.message)")])
                bytes = []
            }
            if rejection == nil {
                switch validator.validateFile(bytes: bytes, stem: InboxName.stem(name)) {
                case .batch(let elements):
                    settle.forget(name)
                    return try stageBatch(name, elements: elements, source: source, readVersion: readVersion, claimed: &claimed)
                case .single(.success(let valid)):
                    job = valid
                case .single(.failure(let problems)):
                    if problems.first.code == .invalidJSON && !settle.isSettled(name, version: readVersion, now: now) {
                        return nil  // perhaps still being written; look again after the settle time
                    }
                    rejection = problems
                    let parsed = try? JSONValue.parse(bytes)
                    if case .string(let kind)? = parsed?.objectValue?["kind"] { kindName = kind }
                    callbackUrl = CallbackMarker.requestedURL(inJob: parsed)
                }
            }
        }
        settle.forget(name)
        let folder = try makeStagingFolder()
        let item = try stageJob(
            job.map { .success($0) } ?? .failure(rejection!), kindName: kindName, callbackUrl: callbackUrl, sourceName: name,
            rejectedBase: name, source: source, createdAt: createdAt, into: folder, claimed: &claimed)
        return try moveSource(name, info: info, readVersion: readVersion, into: folder, staged: item)
    }

    mutating func makeStagingFolder() throws(SpoolError) -> String {
        stagingCounter += 1
        let folder = layout.staging + "/" + stagingPrefix + String(stagingCounter)
        try FileOps.makeDirectory(folder)
        return folder
    }

    /// Writes one job's `job.json` and `status.json` (or a rejection's status, and the callback
    /// marker when the drop named a `callbackUrl`) into `folder`. An id already taken, in the
    /// spool or earlier in this intake round, or over its owner's quota, is rejected.
    private mutating func stageJob(
        _ result: Result<Job, JobRejection>, kindName: String?, callbackUrl: String?, sourceName: String, rejectedBase: String,
        source: SourceInfo,
        createdAt: Timestamp, batch: (id: String, index: Int)? = nil, into folder: String, claimed: inout Set<String>
    ) throws(SpoolError) -> Staged {
        var job: Job?
        var rejection: JobRejection?
        var kindName = kindName
        var callbackUrl = callbackUrl
        switch result {
        case .success(let accepted): job = accepted
        case .failure(let problems): rejection = problems
        }
        if let accepted = job {
            if claimed.contains(accepted.id) || layout.locate(accepted.id) != nil || isJobFolderInInbox(accepted.id) {
                let place =
                    layout.locate(accepted.id).map { "\($0.folderName)/\(accepted.id)" }
                    ?? (claimed.contains(accepted.id) ? "this intake round" : "inbox/\(accepted.id), a job folder being taken back")
                rejection = JobRejection([
                    JobError(
                        .duplicateID, field: "id",
                        reason: "job \"\(accepted.id)\" already exists (\(place)); give the job another id, or remove the old one first")
                ])
                kindName = accepted.kind.rawValue
                callbackUrl = accepted.callbackUrl
                job = nil
            } else if let problem = quotaProblem(for: accepted, source: source) {
                rejection = JobRejection([problem])
                kindName = accepted.kind.rawValue
                callbackUrl = accepted.callbackUrl
                job = nil
            } else {
                claimed.insert(accepted.id)
            }
        }
        var item: Staged
        if let job {
            var status = JobStatus(
                jobId: job.id, kind: job.kind.rawValue, status: .pending, createdAt: createdAt,
                maxAttempts: job.maxAttempts, priority: job.priority)
            status.userId = job.userId
            status.source = source
            status.batchId = batch?.id
            status.batchIndex = batch?.index
            item = Staged(sourceName: sourceName, folder: folder, status: status, job: job)
            try FileOps.writeFile(folder + "/job.json", job.json.serialized(), sync: false)
        } else {
            let rejectedName = freeRejectedName(for: rejectedBase, claimed: &claimed)
            var status = JobStatus(jobId: rejectedName, kind: kindName, status: .failed, createdAt: createdAt, maxAttempts: 0)
            status.setError(rejection!.first)
            status.problems = rejection!.problems.count > 1 ? rejection!.problems : nil
            status.completedAt = createdAt
            status.source = source
            status.batchId = batch?.id
            status.batchIndex = batch?.index
            item = Staged(sourceName: sourceName, folder: folder, status: status, rejectedName: rejectedName)
            try CallbackMarker.arm(in: folder, url: callbackUrl, sync: false)
        }
        try StatusFile.write(item.status, to: folder, sync: false)
        return item
    }

    /// A batch file: each element staged as its own job in a subfolder `<n>/` of one staging
    /// folder, which also keeps the file itself until every element is published.
    private mutating func stageBatch(
        _ name: String, elements: [JobFile.BatchElement], source: SourceInfo, readVersion: FileInfo, claimed: inout Set<String>
    ) throws(SpoolError) -> Staged? {
        let createdAt = Timestamp.now()
        let batchID = InboxName.rejectedBase(name)
        let folder = try makeStagingFolder()
        var container = JobStatus(jobId: batchID, kind: nil, status: .pending, createdAt: createdAt, maxAttempts: 0)
        container.source = source
        container.batchId = batchID
        var item = Staged(sourceName: name, folder: folder, status: container)
        do {
            try StatusFile.write(container, to: folder, sync: false)
            for element in elements {
                let memberFolder = folder + "/" + String(element.index)
                try FileOps.makeDirectory(memberFolder)
                try FileOps.writeFile(memberFolder + "/source.json", element.value.serialized(), sync: false)
                item.members.append(
                    try stageJob(
                        element.result, kindName: element.kindName, callbackUrl: CallbackMarker.requestedURL(inJob: element.value),
                        sourceName: name, rejectedBase: element.defaultID + ".json",
                        source: source,
                        createdAt: createdAt, batch: (batchID, element.index), into: memberFolder, claimed: &claimed))
            }
        } catch {
            try? FileOps.removeTree(folder)
            throw error
        }
        return try moveSource(name, info: readVersion, readVersion: readVersion, into: folder, staged: item)
    }

    /// Moves the dropped file into its staging folder as `source.json`, making sure the bytes
    /// validated are the bytes moved.
    private func moveSource(
        _ name: String, info: FileInfo, readVersion: FileInfo, into folder: String, staged item: Staged
    ) throws(SpoolError) -> Staged? {
        let path = layout.inbox + "/" + name
        do {
            try FileOps.renameNoReplace(path, folder + "/source.json")
        } catch {
            try? FileOps.removeTree(folder)
            if error.code == .notFound { return nil }
            throw error
        }
        // The bytes validated must be the bytes moved: if the file changed in between, put it back.
        if info.kind == .regular, let moved = try FileOps.info(folder + "/source.json"), !moved.isSameVersion(as: readVersion) {
            try? FileOps.renameNoReplace(folder + "/source.json", path)
            try? FileOps.removeTree(folder)
            return nil
        }
        return item
    }

    /// A job over its owner's `userMaxPending`: counted are the owner's jobs waiting or running
    /// and those accepted earlier in this round.
    private mutating func quotaProblem(for job: Job, source: SourceInfo) -> JobError? {
        let owner = QueuedJob.owner(userId: job.userId, submittedBy: source.submittedBy)
        let limit = configuration.userMaxPending
        guard limit > 0, let load = configuration.load else { return nil }
        let current = load.jobs(of: owner) + acceptedThisRound[owner, default: 0]
        guard current >= limit else {
            acceptedThisRound[owner, default: 0] += 1
            return nil
        }
        let who = job.userId.map { "user \"\($0)\"" } ?? "uid \(source.submittedBy)"
        return JobError(
            .quotaExceeded, field: job.userId == nil ? nil : "userId",
            reason:
                "\(who) has \(current) jobs waiting or running, the most allowed (--user-max-pending \(limit)); drop it again when some have finished"
        )
    }

    /// `failed/<base>.rejected`, or with `-2`, `-3` … when taken.
    func freeRejectedName(for sourceName: String, claimed: inout Set<String>) -> String {
        let base = InboxName.rejectedBase(sourceName) + ".rejected"
        var candidate = base
        var counter = 1
        while claimed.contains(candidate) || FileOps.exists(layout.jobFolder(candidate, in: .failed)) {
            counter += 1
            candidate = "\(base)-\(counter)"
        }
        claimed.insert(candidate)
        return candidate
    }

    // MARK: Durability and publishing

    private func makeDurable(_ staged: [Staged]) throws(SpoolError) {
        let jobs = staged.reduce(0) { $0 + max($1.members.count, 1) }
        if jobs >= configuration.syncfsThreshold {
            try FileOps.syncFileSystem(layout.root)
            return
        }
        for item in staged {
            for member in item.members + [item] {
                if member.job != nil { try FileOps.syncFile(member.folder + "/job.json") }
                if !item.members.isEmpty, member.folder != item.folder { try FileOps.syncFile(member.folder + "/source.json") }
                try FileOps.syncFile(member.folder + "/" + StatusFile.name)
                if member.job == nil, FileOps.exists(member.folder + "/" + CallbackMarker.name) {
                    try FileOps.syncFile(member.folder + "/" + CallbackMarker.name)
                }
                try FileOps.syncDirectory(member.folder)
            }
        }
        try FileOps.syncDirectory(layout.inbox)
        try FileOps.syncDirectory(layout.staging)
    }

    /// Publishes every element of a staged batch. A durable marker comes first: from then on a
    /// crash or a failed rename is finished forward (``SpoolRecovery``), never rolled back, so an
    /// element published once is never published again. The batch file goes once all are out.
    private func publishBatch(_ item: Staged) -> [QueuedJob] {
        do {
            try FileOps.writeFile(item.folder + "/" + SpoolRecovery.publishingMarker, [], sync: true)
            try FileOps.syncDirectory(item.folder)
        } catch {
            logger.error(
                "could not mark a batch for publishing; it returns to the inbox",
                metadata: ["file": "\(item.sourceName)", "error": "\(error)"])
            return []
        }
        var accepted: [QueuedJob] = []
        for member in item.members {
            if let job = publish(member) { accepted.append(job) }
        }
        if item.members.allSatisfy({ !FileOps.exists($0.folder) }) {
            do { try FileOps.removeTree(item.folder) } catch {
                logger.error(
                    "cannot remove a published batch's staging folder", metadata: ["folder": "\(item.folder)", "error": "\(error)"])
            }
        }
        logger.info(
            "batch accepted",
            metadata: [
                "file": "\(item.sourceName)", "batch.id": "\(item.status.batchId ?? "")", "jobs": "\(item.members.count)",
                "accepted": "\(accepted.count)",
            ])
        return accepted
    }

    /// Publishes one staged folder; on failure the folder stays in `.staging` and goes back to the inbox.
    private func publish(_ item: Staged) -> QueuedJob? {
        var item = item
        if let job = item.job {
            do {
                try FileOps.renameNoReplace(item.folder, layout.jobFolder(job.id, in: .pending))
                observer.record(JobChange(id: job.id, event: .accepted, state: .pending, status: item.status, optionsKey: job.optionsKey))
                logger.info(
                    "job accepted", metadata: ["job.id": "\(job.id)", "job.kind": "\(job.kind.rawValue)", "file": "\(item.sourceName)"])
                return QueuedJob(
                    id: job.id, kind: job.kind, priority: job.priority, createdAt: item.status.createdAt, userId: job.userId,
                    submittedBy: item.status.source?.submittedBy)
            } catch  where error.code == .alreadyExists {
                // Someone put a folder with this id in place since the check: reject, never overwrite.
                var claimed = Set<String>()
                let name = freeRejectedName(for: item.sourceName, claimed: &claimed)
                item.status.jobId = name
                item.status.status = .failed
                item.status.completedAt = item.status.createdAt
                item.status.setError(
                    JobError(.duplicateID, field: "id", reason: "job \"\(job.id)\" already exists; give the job another id"))
                item.rejectedName = name
                item.job = nil
                try? FileOps.remove(item.folder + "/job.json")
                try? StatusFile.write(item.status, to: item.folder)
                try? CallbackMarker.arm(in: item.folder, url: job.callbackUrl)
            } catch {
                logger.error("could not publish job; it returns to the inbox", metadata: ["job.id": "\(job.id)", "error": "\(error)"])
                return nil
            }
        }
        publishRejected(item)
        return nil
    }

    private func publishRejected(_ item: Staged) {
        var item = item
        for _ in 0..<1000 {
            guard let name = item.rejectedName else { return }
            do {
                try FileOps.renameNoReplace(item.folder, layout.jobFolder(name, in: .failed))
                observer.record(JobChange(id: name, event: .rejected, state: .failed, status: item.status))
                logger.warning(
                    "job file rejected",
                    metadata: [
                        "file": "\(item.sourceName)", "folder": "failed/\(name)", "error.code": "\(item.status.errorCode ?? "")",
                        "error": "\(item.status.error ?? "")",
                    ])
                return
            } catch  where error.code == .alreadyExists {
                var claimed: Set<String> = [name]
                item.rejectedName = freeRejectedName(for: item.sourceName, claimed: &claimed)
                item.status.jobId = item.rejectedName!
                try? StatusFile.write(item.status, to: item.folder)
            } catch {
                logger.error(
                    "could not publish rejected file; it returns to the inbox",
                    metadata: ["file": "\(item.sourceName)", "error": "\(error)"])
                return
            }
        }
    }
}
