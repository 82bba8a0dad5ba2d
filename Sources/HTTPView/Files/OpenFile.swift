import CSpoolSys
import SpoolCore

#if canImport(Glibc)
    import Glibc
#endif

/// Owns one file descriptor and closes it when the last reference goes: a response body that
/// is written, abandoned on a closed connection or never started (HEAD) closes it all the same.
final class OpenFile: Sendable {
    let descriptor: Int32

    private init(_ descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Opens a folder by absolute path (the spool's own folders, which the operator chose).
    static func directory(_ path: String) throws(SpoolError) -> OpenFile {
        try OpenFile(call("open", path) { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) })
    }

    /// Opens `name` inside `folder`, refusing any symlink on the way (RESOLVE_NO_SYMLINKS and
    /// O_NOFOLLOW) and any path that would leave the folder (RESOLVE_BENEATH). O_NONBLOCK keeps a
    /// FIFO planted under a listed name from blocking the open; it changes nothing for files.
    static func beneath(_ folder: OpenFile, _ name: String, directory: Bool = false) throws(SpoolError) -> OpenFile {
        let flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | (directory ? O_DIRECTORY : 0)
        return try OpenFile(call("openat2", name) { cspool_open_beneath_nofollow(folder.descriptor, name, flags) })
    }

    /// `fstat` of the open file: what is served is exactly what was checked.
    func info() throws(SpoolError) -> FileInfo {
        var raw = stat()
        try Self.call("fstat", "fd \(descriptor)") { fstat(descriptor, &raw) }
        return FileInfo(raw)
    }

    /// The whole file when it is a regular file of at most `maxBytes`.
    func readAll(maxBytes: Int) throws(SpoolError) -> [UInt8] {
        let info = try info()
        guard info.kind == .regular, info.size <= Int64(maxBytes) else {
            throw SpoolError(.invalidArgument, "not a regular file of at most \(maxBytes) bytes", function: "fstat")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.size) + 1)
        var filled = 0
        while filled < bytes.count {
            let count = try Self.call("pread", "fd \(descriptor)") {
                bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + filled, $0.count - filled, off_t(filled)) }
            }
            if count == 0 { break }
            filled += count
        }
        guard filled <= maxBytes else {
            throw SpoolError(.invalidArgument, "grew over the limit of \(maxBytes) bytes", function: "pread")
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// Runs a C call that returns -1 with errno, retrying EINTR.
    @discardableResult
    static func call<T: FixedWidthInteger>(_ function: String, _ path: String, _ body: () -> T) throws(SpoolError) -> T {
        while true {
            let result = body()
            if result != -1 { return result }
            let error = errno
            if error != EINTR { throw SpoolError.posix(function, error, path: path) }
        }
    }
}
