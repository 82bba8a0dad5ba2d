#if canImport(Glibc)
    import Glibc
#endif

/// What `lstat` says of a path, without following a symlink at its end.
public struct FileInfo: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case regular, directory, symlink, other
    }
    public var kind: Kind
    public var size: Int64
    public var inode: UInt64
    public var device: UInt64
    public var ownerUID: UInt32
    /// Modification time in nanoseconds since the epoch.
    public var modifiedNanoseconds: Int64

    public init(_ raw: stat) {
        switch raw.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        default: kind = .other
        }
        size = Int64(raw.st_size)
        inode = UInt64(raw.st_ino)
        device = UInt64(raw.st_dev)
        ownerUID = raw.st_uid
        modifiedNanoseconds = Int64(raw.st_mtim.tv_sec) * 1_000_000_000 + Int64(raw.st_mtim.tv_nsec)
    }

    /// Same file, unchanged: identity and the fields a writer changes.
    public func isSameVersion(as other: FileInfo) -> Bool {
        inode == other.inode && device == other.device && size == other.size
            && modifiedNanoseconds == other.modifiedNanoseconds
    }
}
