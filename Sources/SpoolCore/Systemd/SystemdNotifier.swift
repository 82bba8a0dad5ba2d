import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// [sd_notify(3)](https://www.freedesktop.org/software/systemd/man/latest/sd_notify.html),
/// written by hand: newline-separated `KEY=VALUE` assignments in one datagram to the socket
/// named by `$NOTIFY_SOCKET` (a path, or `@name` for an abstract socket). Without that
/// variable every call does nothing, so a daemon started by hand behaves the same. The
/// environment is left alone (workers inherit it, and `NotifyAccess=main` makes systemd
/// ignore anything they might send).
public final class SystemdNotifier: Sendable {
    private let socket: UnixDatagramSocket?
    /// The watchdog timeout from `$WATCHDOG_USEC`, in seconds, when it is meant for this
    /// process (`$WATCHDOG_PID` absent or ours); nil when systemd runs no watchdog.
    public let watchdogTimeout: Double?
    private let stopping = Atomic<Bool>(false)

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        socket = environment["NOTIFY_SOCKET"].flatMap { try? UnixDatagramSocket(path: $0) }
        let forUs = environment["WATCHDOG_PID"].map { Int32($0) == getpid() } ?? true
        if forUs, let text = environment["WATCHDOG_USEC"], let microseconds = UInt64(text), microseconds > 0 {
            watchdogTimeout = Double(microseconds) / 1_000_000
        } else {
            watchdogTimeout = nil
        }
    }

    /// Whether `$NOTIFY_SOCKET` named a usable address.
    public var isEnabled: Bool { socket != nil }

    /// Sends the assignments (`"READY=1"`, `"STATUS=…"`) as one message; false when there is
    /// no socket or the send failed (systemd gone): notifications are never worth failing for.
    @discardableResult
    public func notify(_ assignments: String...) -> Bool {
        guard let socket else { return false }
        do {
            try socket.send(Array(assignments.joined(separator: "\n").utf8))
            return true
        } catch {
            return false
        }
    }

    /// `STOPPING=1`, once; afterwards ``isStopping`` is true.
    public func notifyStopping() {
        guard !stopping.exchange(true, ordering: .relaxed) else { return }
        notify("STOPPING=1")
    }

    /// Whether the service manager has been told that this process is stopping.
    public var isStopping: Bool { stopping.load(ordering: .relaxed) }
}
