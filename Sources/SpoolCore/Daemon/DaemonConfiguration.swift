/// Everything `mediaspool run` is told.
public struct DaemonConfiguration: Sendable {
    public var layout: SpoolLayout
    /// Folders besides `media/` that absolute input paths may come from.
    public var extraInputRoots: [String]
    /// Hosts `http(s)://` inputs may name (none by default).
    public var allowedHosts: HostAllowList
    public var watcher: WatcherConfiguration
    public var scheduler: SchedulerConfiguration
    /// Told of every change to a job (the ledger).
    public var observer: any JobObserver
    public var vitals: DaemonVitals

    public init(
        layout: SpoolLayout, extraInputRoots: [String] = [], allowedHosts: HostAllowList = HostAllowList(), watcher: WatcherConfiguration,
        scheduler: SchedulerConfiguration,
        observer: any JobObserver = NoJobObserver()
    ) {
        self.layout = layout
        self.extraInputRoots = extraInputRoots
        self.allowedHosts = allowedHosts
        self.watcher = watcher
        self.scheduler = scheduler
        self.observer = observer
        self.vitals = DaemonVitals(workers: scheduler.workers)
    }

    public var validator: JobValidator {
        JobValidator(roots: InputRoots(media: layout.media, extra: extraInputRoots), allowedHosts: allowedHosts)
    }
}
