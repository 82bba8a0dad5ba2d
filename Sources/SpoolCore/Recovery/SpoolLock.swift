import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The exclusive `flock` on `<spool>/.lock` held by the one daemon that owns a spool.
/// The kernel drops it when the process dies, however it dies.
public struct SpoolLock: ~Copyable {
    private let fd: Int32

    /// Takes the lock or throws `.locked`, naming the pid of the daemon that holds it.
    public init(layout: SpoolLayout) throws(SpoolError) {
        let path = layout.lockFile
        let fd = try systemCall("open", path: path) { open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let error = errno
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = read(fd, &buffer, buffer.count)
            close(fd)
            guard error == EWOULDBLOCK else { throw SpoolError.posix("flock", error, path: path) }
            let holder = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw SpoolError(
                .locked,
                "another mediaspool daemon\(holder.isEmpty ? "" : " (pid \(holder))") is running on \(layout.root); only one may own a spool"
            )
        }
        let pid = Array("\(getpid())\n".utf8)
        ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        self.fd = fd
    }

    /// Gives the lock up (the end of the daemon's run).
    public consuming func release() {}

    deinit {
        close(fd)
    }
}
