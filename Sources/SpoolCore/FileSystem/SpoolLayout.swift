/// The paths of one spool (DESIGN.md, "Spool layout"). The folders are the queue.
public struct SpoolLayout: Sendable, Equatable {
    /// Absolute path of the spool root.
    public let root: String

    public init(root: String) {
        var trimmed = root
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.root = trimmed
    }

    public var inbox: String { root + "/inbox" }
    public var media: String { root + "/media" }
    public var templates: String { root + "/templates" }
    /// Where intake assembles a job folder before one rename publishes it (hidden from clients).
    public var staging: String { root + "/.staging" }
    public var lockFile: String { root + "/.lock" }
    /// The callback outbox: one file per delivery still to be made (hidden; created when first needed).
    public var callbacks: String { root + "/.callbacks" }
    /// Where `gc` puts a job folder while deleting it (emptied at every daemon start).
    public var trash: String { root + "/.gc" }

    public func folder(_ state: JobState) -> String { root + "/" + state.folderName }
    public func jobFolder(_ id: String, in state: JobState) -> String { folder(state) + "/" + id }

    /// Every folder that `init` creates.
    public var allFolders: [String] {
        [inbox] + JobState.allCases.map(folder) + [media, templates, staging]
    }

    /// Creates the spool's folders that are missing; leaves everything else alone.
    public func create() throws(SpoolError) {
        try FileOps.ensureDirectory(root)
        for path in allFolders { try FileOps.ensureDirectory(path) }
    }

    /// Checks that the folders exist; names the first that does not.
    public func validate() throws(SpoolError) {
        for path in allFolders where (try FileOps.info(path))?.kind != .directory {
            throw SpoolError(
                .invalidSpool,
                "\(path) is missing: \(root) is not an initialised spool; run `mediaspool init --spool \(root)`")
        }
    }

    /// The state folder that holds job `id`, if any.
    public func locate(_ id: String) -> JobState? {
        JobState.allCases.first { FileOps.exists(jobFolder(id, in: $0)) }
    }
}
