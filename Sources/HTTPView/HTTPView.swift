import Hummingbird
import HummingbirdCore
import Ledger
import Logging
import NIOCore
import SpoolCore

/// The read-only HTTP view (DESIGN.md, "HTTP view"): one Hummingbird application, served by
/// the daemon (`mediaspool run`) or alone (`mediaspool serve`). It reads the ledger and the
/// `done/` and `failed/` folders and never writes anything.
public enum HTTPView {
    /// The application, a `Service` to run in the daemon's `ServiceGroup`. `vitals` is the
    /// daemon's own (nil in `serve`, which reads the daemon's heartbeat from the ledger).
    /// `onListening` gets the bound port (useful with port 0).
    public static func makeApplication(
        layout: SpoolLayout, source: any LedgerSource, vitals: DaemonVitals?, configuration: HTTPViewConfiguration, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = makeRouter(layout: layout, source: source, vitals: vitals, configuration: configuration)
        let http1 = HTTP1Channel.Configuration(
            idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)),
            httpDecoderConfiguration: .init(maxHeaderFieldSize: 8 * 1024, maxHeaderListSize: 32 * 1024, maxHeaderFieldCount: 100))
        var httpLogger = logger
        httpLogger[metadataKey: "component"] = "http"
        let logger = httpLogger
        let access = configuration.access
        let responder = ReadOnlyResponder(
            wrapped: AccessGate(access: access, wrapped: router.buildResponder()),
            formPaths: access.token == nil ? [] : [LoginRoutes.loginPath])
        return Application(
            responder: responder, server: .http1(configuration: http1),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "mediaspool"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                logger.info(
                    "HTTP view listening",
                    metadata: ["address": "http://\(configuration.host):\(port)/", "access": "\(HTTPView.describe(access))"])
                await onListening(port)
            },
            logger: logger)
    }

    static func makeRouter(
        layout: SpoolLayout, source: any LedgerSource, vitals: DaemonVitals?, configuration: HTTPViewConfiguration
    ) -> Router<BasicRequestContext> {
        let router = Router()
        let jobs = JobRoutes(layout: layout, source: source)
        let events = EventRoutes(source: source)
        jobs.add(to: router)
        events.add(to: router)
        let health = HealthCheck(layout: layout, source: source, vitals: vitals, configuration: configuration)
        StatusRoutes(health: health, metrics: LedgerMetrics(source: source, vitals: vitals)).add(to: router)
        DashboardRoutes(source: source).add(to: router)
        router.addRoutes(FileRoutes(layout: layout).routes, atPath: "/files")
        let access = configuration.access
        if let token = access.token { LoginRoutes(token: token).add(to: router) }
        if let keys = access.capabilities {
            CapabilityRoutes(keys: keys, jobs: jobs, events: events, files: FileResponder(layout: layout)).add(to: router)
        }
        let document = OpenAPIDocument.json(for: access)
        router.get("/openapi.json") { _, _ in JSONResponse.make(document, cache: "public, max-age=300") }
        return router
    }

    /// The access mode for the log, without any secret.
    static func describe(_ access: HTTPAccess) -> String {
        switch access.mode {
        case .open: "open"
        case .token: "token"
        case .capability: access.token == nil ? "capability" : "capability, listing with token"
        }
    }
}
