#if canImport(Glibc)
    import Glibc
#endif

/// Who may submit jobs: the owner of a dropped file must be a listed user or a member of a
/// listed group. With both lists empty everyone with write access to `inbox/` may submit;
/// the daemon's own user always may (`mediaspool submit` run by the service account).
public struct SubmitterPolicy: Sendable, Equatable {
    public var users: Set<uid_t>
    public var groups: Set<gid_t>

    public init(users: Set<uid_t> = [], groups: Set<gid_t> = []) {
        self.users = users
        self.groups = groups
    }

    public var isOpen: Bool { users.isEmpty && groups.isEmpty }

    /// Reads `alice`, `1001`, … into uids and `mediaspool`, `2000`, … into gids; throws naming the unknown one.
    public init(userNames: [String], groupNames: [String]) throws(SpoolError) {
        var users = Set<uid_t>()
        for name in userNames {
            if let uid = uid_t(name) {
                users.insert(uid)
            } else if let entry = getpwnam(name) {
                users.insert(entry.pointee.pw_uid)
            } else {
                throw SpoolError(.invalidArgument, "--allow-user \(name): no such user")
            }
        }
        var groups = Set<gid_t>()
        for name in groupNames {
            if let gid = gid_t(name) {
                groups.insert(gid)
            } else if let entry = getgrnam(name) {
                groups.insert(entry.pointee.gr_gid)
            } else {
                throw SpoolError(.invalidArgument, "--allow-group \(name): no such group")
            }
        }
        self.init(users: users, groups: groups)
    }

    /// Whether a file owned by `uid` may be a job. Group membership is the user's primary group
    /// and supplementary groups as the user database has them now.
    public func allows(uid: uid_t) -> Bool {
        if isOpen || uid == getuid() || users.contains(uid) { return true }
        guard !groups.isEmpty else { return false }
        return Self.groups(of: uid).contains { groups.contains($0) }
    }

    static func groups(of uid: uid_t) -> [gid_t] {
        guard let entry = getpwuid(uid) else { return [] }
        let primary = entry.pointee.pw_gid
        var count: Int32 = 64
        var list = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(entry.pointee.pw_name, primary, &list, &count) == -1 {
            list = [gid_t](repeating: 0, count: Int(count))
            _ = getgrouplist(entry.pointee.pw_name, primary, &list, &count)
        }
        return Array(list.prefix(Int(max(count, 0)))) + [primary]
    }

    /// The reason given to a drop that is not allowed.
    static func refusal(uid: uid_t) -> String {
        let name = getpwuid(uid).map { String(cString: $0.pointee.pw_name) } ?? "uid \(uid)"
        return "\(name) (uid \(uid)) may not submit jobs: not in the daemon's --allow-user or --allow-group lists"
    }
}
