/// Drops in `inbox/` that may still be being written. A file written in place (scp, `cat > f`
/// in chunks) may be read while incomplete, and a folder copied in (`rsync -r`, `cp -r`)
/// appears before its files do: each is acted on only once the same version of it (a file's
/// inode, size and mtime; a folder's ``FolderSnapshot``) has been seen unchanged for the
/// settle time, measured on the daemon's clock.
struct SettleTracker {
    /// What is compared between two looks.
    enum Version {
        case file(FileInfo)
        case folder(FolderSnapshot)

        func isSame(as other: Version) -> Bool {
            switch (self, other) {
            case (.file(let mine), .file(let theirs)): mine.isSameVersion(as: theirs)
            case (.folder(let mine), .folder(let theirs)): mine == theirs
            default: false
            }
        }
    }

    struct Entry {
        var version: Version
        var firstSeen: Double
    }

    let settleSeconds: Double
    private(set) var entries: [String: Entry] = [:]

    init(settleSeconds: Double) { self.settleSeconds = settleSeconds }

    /// Records an unparseable read of file `name`; true when it has been stable long enough to fail.
    mutating func isSettled(_ name: String, version: FileInfo, now: Double) -> Bool {
        isSettled(name, version: .file(version), now: now)
    }

    /// Records a look at `name`; true when it has been unchanged for the settle time.
    mutating func isSettled(_ name: String, version: Version, now: Double) -> Bool {
        if let entry = entries[name], entry.version.isSame(as: version) {
            return now - entry.firstSeen >= settleSeconds
        }
        entries[name] = Entry(version: version, firstSeen: now)
        return settleSeconds <= 0
    }

    mutating func forget(_ name: String) { entries[name] = nil }

    func isWaiting(_ name: String) -> Bool { entries[name] != nil }

    /// The earliest time an entry becomes due for another look.
    var nextDeadline: Double? { entries.values.map { $0.firstSeen + settleSeconds }.min() }

    func due(now: Double) -> [String] {
        entries.filter { now >= $0.value.firstSeen + settleSeconds }.map(\.key)
    }
}
