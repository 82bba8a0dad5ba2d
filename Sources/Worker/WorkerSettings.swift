import SpoolCore

/// What a worker needs besides the job: where inputs may come from, which hosts URL inputs may
/// name and how they are fetched, and the spool root (for the result cache).
public struct WorkerSettings: Sendable {
    public var roots: InputRoots
    public var allowedHosts: HostAllowList
    /// Largest URL input fetched, in bytes.
    public var fetchMaxBytes: Int64
    /// The spool whose `cache/` and `done/` hold reusable results; nil disables the cache.
    public var spoolRoot: String?

    public static let defaultFetchMaxBytes: Int64 = 2 << 30

    public init(
        roots: InputRoots, allowedHosts: HostAllowList = HostAllowList(), fetchMaxBytes: Int64 = defaultFetchMaxBytes,
        spoolRoot: String? = nil
    ) {
        self.roots = roots
        self.allowedHosts = allowedHosts
        self.fetchMaxBytes = fetchMaxBytes
        self.spoolRoot = spoolRoot
    }

    /// The spool's `templates/`: under ``spoolRoot``, else beside the job folder's state folder
    /// (`<spool>/processing/<id>` → `<spool>/templates`).
    func templatesDirectory(jobFolder: String) -> String {
        if let spoolRoot { return spoolRoot + "/templates" }
        var parts = jobFolder.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(min(2, parts.count))
        return parts.joined(separator: "/") + "/templates"
    }

    /// The validator the worker reads `job.json` with: as strict as the daemon's.
    var validator: JobValidator {
        JobValidator(roots: roots, allowedHosts: allowedHosts)
    }
}
