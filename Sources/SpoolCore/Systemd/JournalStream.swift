import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Whether this process logs to the journal: systemd sets `$JOURNAL_STREAM` to
/// `DEVICE:INODE` of the stream it connected to stdout and stderr, and systemd.exec(5) says to
/// use the native protocol only when stderr still is that stream (a child whose stderr was
/// redirected inherits the variable too).
public enum JournalStream {
    public static func isStandardError(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard let value = environment["JOURNAL_STREAM"] else { return false }
        let parts = value.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var info = stat()
        guard fstat(STDERR_FILENO, &info) == 0 else { return false }
        return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode
    }
}
