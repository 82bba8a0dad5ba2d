/// Files in `inbox/` that did not parse yet. A file written in place (scp, `cat > f` in
/// chunks) may be read while incomplete; it is failed only once the same version of it
/// (inode, size, mtime) has been seen unchanged for the settle time.
struct SettleTracker {
    struct Entry {
        var version: FileInfo
        var firstSeen: Double
    }

    let settleSeconds: Double
    private(set) var entries: [String: Entry] = [:]

    init(settleSeconds: Double) { self.settleSeconds = settleSeconds }

    /// Records an unparseable read of `name`; true when it has been stable long enough to fail.
    mutating func isSettled(_ name: String, version: FileInfo, now: Double) -> Bool {
        if let entry = entries[name], entry.version.isSameVersion(as: version) {
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
