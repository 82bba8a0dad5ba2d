#if canImport(Glibc)
    import Glibc
#endif

/// Who holds a job in `processing/`: the daemon's pid and the machine's boot, and when the
/// daemon last wrote its status. A daemon that starts and finds a lease knows the job was
/// orphaned, by whom, and whether its worker might still run (same boot) or cannot (a reboot).
public struct JobLease: Codable, Sendable, Equatable {
    public var daemonPid: Int32
    public var bootId: String
    public var heartbeatAt: Timestamp

    public init(daemonPid: Int32 = getpid(), bootId: String = JobLease.currentBootID, heartbeatAt: Timestamp = .now()) {
        self.daemonPid = daemonPid
        self.bootId = bootId
        self.heartbeatAt = heartbeatAt
    }

    /// The kernel's id of this boot (`/proc/sys/kernel/random/boot_id`).
    public static let currentBootID: String = {
        guard let bytes = try? FileOps.readRegularFile("/proc/sys/kernel/random/boot_id", maxBytes: 64).0 else { return "unknown" }
        return String(decoding: bytes, as: UTF8.self).filter { $0.isHexDigit || $0 == "-" }
    }()

    /// Whether the lease was taken on this boot of the machine.
    public var isFromThisBoot: Bool { bootId == Self.currentBootID }
}
