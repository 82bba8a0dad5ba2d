import ServiceLifecycle

/// The `Service` that sends `STOPPING=1` the moment a graceful shutdown begins. List it last
/// in the `ServiceGroup`: services are told to stop in reverse order, so it hears first and
/// the others then stop at their own pace.
public struct SystemdShutdownNotice: Service {
    let notifier: SystemdNotifier

    public init(notifier: SystemdNotifier) {
        self.notifier = notifier
    }

    public func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            // Cancelled: the group is going down without a graceful shutdown; say so all the same.
        }
        notifier.notifyStopping()
    }
}
