/// Operations on one job folder: moving it between states (rename, then fsync of both
/// parent folders) and tidying it before a retry.
public enum JobFolder {
    /// Files a job folder keeps across attempts; everything else is output of an attempt.
    public static let keptAcrossAttempts: Set<String> = ["job.json", StatusFile.name, "source.json", "log.txt"]
    /// A file of this name in a pending or processing job's folder cancels the job (`touch CANCEL`).
    public static let cancelMarker = "CANCEL"

    public static func isCancelRequested(_ folder: String) -> Bool {
        FileOps.exists(folder + "/" + cancelMarker)
    }

    /// Moves job `id` from one state folder to another. Never replaces an existing folder.
    public static func move(_ id: String, from: JobState, to: JobState, in layout: SpoolLayout) throws(SpoolError) {
        try FileOps.renameNoReplace(layout.jobFolder(id, in: from), layout.jobFolder(id, in: to))
        try FileOps.syncDirectory(layout.folder(to))
        try FileOps.syncDirectory(layout.folder(from))
    }

    /// Removes what an unfinished attempt left: partial and finished outputs alike, so a
    /// retried job can never end with two outputs.
    public static func removeAttemptFiles(in folder: String) throws(SpoolError) {
        for name in try FileOps.list(folder) where !keptAcrossAttempts.contains(name) {
            try FileOps.removeTree(folder + "/" + name)
        }
    }

    /// Removes `*.part` files and temporary status files only.
    public static func removePartialFiles(in folder: String) throws(SpoolError) {
        for name in try FileOps.list(folder) where name.hasSuffix(".part") || (name.hasPrefix(".") && name.hasSuffix(".tmp")) {
            try FileOps.removeTree(folder + "/" + name)
        }
    }

    /// The job file in a folder, read back through the validator (the daemon never trusts
    /// what it reads from the queue).
    public static func readJob(in folder: String, validator: JobValidator) -> Result<Job, JobRejection> {
        do {
            let (bytes, _) = try FileOps.readRegularFile(folder + "/job.json", maxBytes: JobValidator.maxFileBytes)
            return validator.validate(bytes: bytes, defaultID: nil)
        } catch {
            return .failure(JobRejection([JobError(.internalError, field: nil, reason: "job.json cannot be read: \(error.message)")]))
        }
    }
}
