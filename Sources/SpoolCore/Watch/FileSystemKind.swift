import CSpoolSys

/// Tells a network or FUSE file system (where inotify sees no changes made by other hosts)
/// from a local one, by `statfs` magic number.
enum FileSystemKind {
    /// nil when the file system is local, else its name.
    static func remoteName(of path: String) -> String? {
        var error: Int32 = 0
        let type = cspool_statfs_type(path, &error)
        guard error == 0 else { return nil }
        switch UInt(bitPattern: type) & 0xFFFF_FFFF {
        case 0x6969: return "NFS"
        case 0x517B: return "SMB"
        case 0xFF53_4D42: return "CIFS"
        case 0xFE53_4D42: return "SMB2"
        case 0x6573_5546: return "FUSE"
        case 0x00C3_6400: return "Ceph"
        case 0x0102_1997: return "9P"
        case 0x0BD0_0BD0: return "Lustre"
        case 0x4741_5346: return "GlusterFS"
        default: return nil
        }
    }
}
