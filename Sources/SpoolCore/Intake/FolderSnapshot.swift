/// What a folder in `inbox/` holds, one level deep: the folder itself and each entry's name,
/// kind, inode, size and modification time, hidden ones included (rsync's `.name.XXXXXX`
/// temporaries grow there while it copies). Two equal snapshots a settle time apart mean that
/// nobody added, renamed, removed or wrote a file in it meanwhile.
struct FolderSnapshot: Equatable, Sendable {
    struct Entry: Equatable, Sendable {
        var name: String
        var info: FileInfo
    }

    var folder: FileInfo
    /// Sorted by name.
    var entries: [Entry]

    /// Nil when `path` is gone or is not a folder (a symlink to one included).
    init?(of path: String) throws(SpoolError) {
        guard let folder = try FileOps.info(path), folder.kind == .directory else { return nil }
        let names: [String]
        do {
            names = try FileOps.list(path)
        } catch  where error.code == .notFound {
            return nil
        }
        var entries: [Entry] = []
        for name in names.sorted() {
            // An entry removed between the listing and its lstat is simply not there.
            if let info = try FileOps.info(path + "/" + name) { entries.append(Entry(name: name, info: info)) }
        }
        self.folder = folder
        self.entries = entries
    }

    func contains(_ name: String) -> Bool {
        entries.contains { $0.name == name }
    }
}
