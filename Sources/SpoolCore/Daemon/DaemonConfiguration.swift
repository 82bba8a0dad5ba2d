/// Everything `mediaspool run` is told.
public struct DaemonConfiguration: Sendable {
    public var layout: SpoolLayout
    /// Folders besides `media/` that absolute input paths may come from.
    public var extraInputRoots: [String]
    public var watcher: WatcherConfiguration
    public var scheduler: SchedulerConfiguration

    public init(layout: SpoolLayout, extraInputRoots: [String] = [], watcher: WatcherConfiguration, scheduler: SchedulerConfiguration) {
        self.layout = layout
        self.extraInputRoots = extraInputRoots
        self.watcher = watcher
        self.scheduler = scheduler
    }

    public var validator: JobValidator {
        JobValidator(roots: InputRoots(media: layout.media, extra: extraInputRoots))
    }
}
