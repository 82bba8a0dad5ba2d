#if canImport(Glibc)
    import Glibc
#endif

/// The result cache's index: `<spool>/cache/<key>` holds the id of the finished job in `done/`
/// whose outputs a job with the same key may reuse. The key is a SHA-256 (hex) of the inputs'
/// contents and the effective options (the worker computes it); the daemon records an entry
/// when a job completes, `gc` forgets it with its job. Entries are hints: a reader checks that
/// the job and its outputs are still there, whole, before reusing anything.
public struct ResultCache: Sendable {
    public let folder: String

    public init(layout: SpoolLayout) {
        folder = layout.root + "/cache"
    }

    /// Whether `key` has the shape of a cache key (64 lower-case hex digits), so it is a safe file name.
    public static func isValidKey(_ key: String) -> Bool {
        key.utf8.count == 64 && key.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// Points `key` at `jobID` (replacing an older entry), atomically.
    public func record(key: String, jobID: String) throws(SpoolError) {
        guard Self.isValidKey(key), Job.isValidID(jobID) else { return }
        try FileOps.ensureDirectory(folder)
        try FileOps.writeAtomically(folder + "/" + key, Array((jobID + "\n").utf8), sync: false)
    }

    /// The job id recorded for `key`, if any.
    public func lookup(key: String) -> String? {
        guard Self.isValidKey(key), let (bytes, _) = try? FileOps.readRegularFile(folder + "/" + key, maxBytes: 256) else { return nil }
        let id = String(decoding: bytes, as: UTF8.self).trimmingWhitespace
        return Job.isValidID(id) ? id : nil
    }

    /// Removes the entry for `key` if it still points at `jobID`.
    public func forget(key: String, jobID: String) {
        guard lookup(key: key) == jobID else { return }
        unlink(folder + "/" + key)
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        String(self.drop(while: { $0.isWhitespace }).reversed().drop(while: { $0.isWhitespace }).reversed())
    }
}
