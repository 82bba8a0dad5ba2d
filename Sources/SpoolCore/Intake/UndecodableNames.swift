import CSpoolSys

#if canImport(Glibc)
    import Glibc
#endif

/// Drops whose file names are not UTF-8 (a Latin-1 client, a broken archive). Swift reads such
/// a name as a repaired String, which names no file, so intake could never take the file: it
/// stayed in the inbox forever. The watcher therefore renames each such drop, by its raw bytes,
/// to a UTF-8 name first (``InboxName/repairedName(_:)``), and takes it in under that name.
enum UndecodableNames {
    /// Renames every entry of `folder` whose name is not UTF-8; returns `(old, new)` names, the
    /// old one as read (repaired), for the log. An entry that cannot be renamed is left alone.
    static func rename(in folder: String) -> [(from: String, to: String)] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        var broken: [[UInt8]] = []
        while let entry = readdir(dir) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix(while: { $0 != 0 })) }
            if InboxName.repairedName(bytes) != nil { broken.append(bytes) }
        }
        var renamed: [(from: String, to: String)] = []
        let prefix = Array(folder.utf8) + [UInt8(ascii: "/")]
        for bytes in broken {
            guard let name = InboxName.repairedName(bytes) else { continue }
            let from = prefix + bytes + [0]
            let to = prefix + Array(name.utf8) + [0]
            let result = from.withUnsafeBufferPointer { old in
                to.withUnsafeBufferPointer { new in
                    old.withMemoryRebound(to: CChar.self) { oldPath in
                        new.withMemoryRebound(to: CChar.self) { newPath in
                            cspool_rename_noreplace(AT_FDCWD, oldPath.baseAddress, AT_FDCWD, newPath.baseAddress)
                        }
                    }
                }
            }
            if result == 0 { renamed.append((String(decoding: bytes, as: UTF8.self), name)) }
        }
        return renamed
    }
}
