import SpoolCore

#if canImport(Glibc)
    import Glibc
#endif

/// The `<destination>.part` file a fetch writes into. ``commit()`` fsyncs it, renames it to
/// the destination and fsyncs the folder; a part file dropped without a commit (any failure)
/// is closed and removed, so a failed fetch leaves nothing behind.
struct PartFile: ~Copyable {
    let path: String
    let destination: String
    let descriptor: Int32
    private let field: String
    private var committed = false

    /// Creates (or truncates) the part file; `O_NOFOLLOW`, so a planted symlink is not followed.
    init(destination: String, field: String) throws(FetchFailure) {
        let path = destination + ".part"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { throw Self.failure("cannot create \(path)", field: field) }
        self.path = path
        self.destination = destination
        self.descriptor = descriptor
        self.field = field
    }

    deinit {
        close(descriptor)
        if !committed { unlink(path) }
    }

    /// Empties the file before a new try: a retry starts the body again from its first byte.
    func truncate() throws(FetchFailure) {
        guard ftruncate(descriptor, 0) == 0, lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw Self.failure("cannot truncate \(path)", field: field)
        }
    }

    /// Makes the download durable under its final name.
    consuming func commit() throws(FetchFailure) {
        guard fsync(descriptor) == 0 else { throw Self.failure("fsync \(path)", field: field) }
        guard rename(path, destination) == 0 else { throw Self.failure("cannot rename \(path) to \(destination)", field: field) }
        committed = true
        let folder = destination.lastIndex(of: "/").map { String(destination[..<$0]) } ?? "."
        let folderDescriptor = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// An `io-error` with errno's words; transient, as a full disk may not stay full.
    private static func failure(_ what: String, field: String) -> FetchFailure {
        FetchFailure(.ioError, field: field, reason: "\(what): \(String(cString: strerror(errno)))", isTransient: true)
    }
}
