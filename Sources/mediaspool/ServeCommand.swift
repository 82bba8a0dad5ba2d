import ArgumentParser
import HTTPView
import Ledger
import ServiceLifecycle
import SpoolCore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the read-only HTTP view alone (for a separate, hardened unit); never writes to the spool.",
        discussion: """
            Opens the ledger read-only and serves jobs, status, events, outputs of done/ and failed/, \
            /healthz (from the daemon's heartbeat in the ledger) and /metrics. Stops on SIGTERM/SIGINT.
            """)

    @OptionGroup var spool: SpoolOptions
    @OptionGroup var log: LogOptions
    @OptionGroup var http: HTTPOptions

    func validate() throws {
        try http.validateAccess()
    }

    func run() async throws {
        let logger = log.makeLogger()
        LayeredArguments.current?.log(to: logger)
        let layout = spool.layout
        do {
            try layout.validate()
        } catch {
            logger.critical("\(error.message)")
            throw ExitCode(1)
        }
        let source = ReadOnlyLedgerSource(path: Ledger.path(in: layout), logger: logger)
        let configuration = try http.configuration(logger: logger)
        // Under systemd (Type=notify): READY=1 once the port is bound, STOPPING=1 when told to stop.
        let notifier = SystemdNotifier()
        let application = HTTPView.makeApplication(
            layout: layout, source: source, vitals: nil, configuration: configuration, logger: logger,
            onListening: { port in notifier.notify("READY=1", "STATUS=serving http://\(configuration.host):\(port)/") })
        var services: [any Service] = [application]
        if notifier.isEnabled { services.append(SystemdShutdownNotice(notifier: notifier)) }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
