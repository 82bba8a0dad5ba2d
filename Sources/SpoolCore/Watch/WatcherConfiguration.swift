/// How the inbox is watched.
public struct WatcherConfiguration: Sendable {
    /// Full rescan of the inbox even when inotify reports nothing (the slow safety net).
    public var rescanSeconds: Double = 30
    /// Scan instead of inotify (network file systems; forced on automatically there).
    public var poll: Bool = false
    /// Scan interval in polling mode.
    public var pollSeconds: Double = 2
    public var intake = IntakeConfiguration()

    public init(
        rescanSeconds: Double = 30, poll: Bool = false, pollSeconds: Double = 2, intake: IntakeConfiguration = IntakeConfiguration()
    ) {
        self.rescanSeconds = rescanSeconds
        self.poll = poll
        self.pollSeconds = pollSeconds
        self.intake = intake
    }
}
