import CSpoolSys

#if canImport(Glibc)
    import Glibc
#endif

/// Path-based file-system operations with the durability rules of the spool: files are
/// written and fsynced before a rename publishes them, and the parent folders are fsynced
/// after the rename. Symlinks are never followed at the last path component.
public enum FileOps {
    /// `lstat`; nil when the path does not exist.
    public static func info(_ path: String) throws(SpoolError) -> FileInfo? {
        var raw = stat()
        if lstat(path, &raw) == 0 { return FileInfo(raw) }
        let error = errno
        if error == ENOENT || error == ENOTDIR { return nil }
        throw SpoolError.posix("lstat", error, path: path)
    }

    public static func exists(_ path: String) -> Bool {
        var raw = stat()
        return lstat(path, &raw) == 0
    }

    /// Reads a regular file whole, refusing symlinks, FIFOs and files over `maxBytes`.
    /// Returns the bytes and the `fstat` of the very file that was read.
    public static func readRegularFile(_ path: String, maxBytes: Int) throws(SpoolError) -> (bytes: [UInt8], info: FileInfo) {
        let fd = try systemCall("open", path: path) { open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK) }
        defer { close(fd) }
        var raw = stat()
        try systemCall("fstat", path: path) { fstat(fd, &raw) }
        let info = FileInfo(raw)
        guard info.kind == .regular else {
            throw SpoolError(.invalidArgument, "\(path) is not a regular file", function: "fstat")
        }
        guard info.size <= Int64(maxBytes) else {
            throw SpoolError(.invalidArgument, "\(path) is \(info.size) bytes, over the limit of \(maxBytes)", function: "fstat")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.size) + 1)
        var filled = 0
        while true {
            if filled == bytes.count {
                // The file grew since fstat; read no further than the limit.
                guard bytes.count <= maxBytes else {
                    throw SpoolError(.invalidArgument, "\(path) grew over the limit of \(maxBytes) bytes", function: "read")
                }
                bytes.append(contentsOf: [UInt8](repeating: 0, count: 4096))
            }
            let count = try systemCall("read", path: path) {
                bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return (bytes, info)
    }

    /// Creates or truncates `path` and writes `bytes`; fsyncs the file when asked.
    public static func writeFile(_ path: String, _ bytes: [UInt8], sync: Bool, mode: mode_t = 0o644) throws(SpoolError) {
        let fd = try systemCall("open", path: path) {
            open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode)
        }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let count = try systemCall("write", path: path) {
                bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            }
            written += count
        }
        if sync { try systemCall("fsync", path: path) { fsync(fd) } }
    }

    /// Replaces `path` whole: writes a temporary name beside it, fsyncs, renames it over,
    /// fsyncs the folder. A reader sees the old content or the new, never a mix.
    public static func writeAtomically(_ path: String, _ bytes: [UInt8], sync: Bool = true) throws(SpoolError) {
        let (folder, name) = split(path)
        let temporary = folder + "/." + name + ".tmp"
        do {
            try writeFile(temporary, bytes, sync: sync)
            try systemCall("rename", path: path) { rename(temporary, path) }
        } catch {
            unlink(temporary)
            throw error
        }
        if sync { try syncDirectory(folder) }
    }

    /// fsync of a folder, which makes the names created, removed or renamed in it durable.
    public static func syncDirectory(_ path: String) throws(SpoolError) {
        let fd = try systemCall("open", path: path) { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { close(fd) }
        try systemCall("fsync", path: path) { fsync(fd) }
    }

    public static func syncFile(_ path: String) throws(SpoolError) {
        let fd = try systemCall("open", path: path) { open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) }
        defer { close(fd) }
        try systemCall("fsync", path: path) { fsync(fd) }
    }

    /// syncfs(2) of the file system holding `path`: one flush for a whole batch of files.
    public static func syncFileSystem(_ path: String) throws(SpoolError) {
        let fd = try systemCall("open", path: path) { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { close(fd) }
        try systemCall("syncfs", path: path) { cspool_syncfs(fd) }
    }

    /// rename(2) that fails with `.alreadyExists` instead of replacing the target.
    public static func renameNoReplace(_ from: String, _ to: String) throws(SpoolError) {
        try systemCall("renameat2", path: "\(from) -> \(to)") {
            cspool_rename_noreplace(AT_FDCWD, from, AT_FDCWD, to)
        }
    }

    public static func makeDirectory(_ path: String, mode: mode_t = 0o755) throws(SpoolError) {
        try systemCall("mkdir", path: path) { mkdir(path, mode) }
    }

    /// Creates the folder unless it exists already as a folder.
    public static func ensureDirectory(_ path: String, mode: mode_t = 0o755) throws(SpoolError) {
        if mkdir(path, mode) == 0 { return }
        let error = errno
        if error == EEXIST, (try info(path))?.kind == .directory { return }
        throw SpoolError.posix("mkdir", error, path: path)
    }

    /// Names in a folder, without `.` and `..`, in no particular order.
    public static func list(_ path: String) throws(SpoolError) -> [String] {
        guard let dir = opendir(path) else { throw SpoolError.posix("opendir", errno, path: path) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes a file, or a folder with everything below it, never following a symlink.
    public static func removeTree(_ path: String) throws(SpoolError) {
        guard let found = try info(path) else { return }
        if found.kind == .directory {
            for name in try list(path) { try removeTree(path + "/" + name) }
            try systemCall("rmdir", path: path) { rmdir(path) }
        } else {
            try systemCall("unlink", path: path) { unlink(path) }
        }
    }

    public static func remove(_ path: String) throws(SpoolError) {
        if unlink(path) == 0 || errno == ENOENT { return }
        throw SpoolError.posix("unlink", errno, path: path)
    }

    /// Folder and last component of a path.
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }
}
