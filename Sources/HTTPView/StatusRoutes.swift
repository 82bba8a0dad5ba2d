import Hummingbird
import SpoolCore

/// `GET /healthz` (200 or 503 with the reasons) and `GET /metrics` (Prometheus text).
struct StatusRoutes: Sendable {
    let health: HealthCheck
    let metrics: LedgerMetrics

    func add(to router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in healthz() }
        router.get("/metrics") { _, _ in try prometheus() }
    }

    func healthz() -> Response {
        let report = health.run()
        let checks = report.checks.sorted { $0.key < $1.key }.map { "\(JSONResponse.quote($0.key)):\(JSONResponse.quote($0.value))" }
        let json = """
            {"status":\(JSONResponse.quote(report.healthy ? "ok" : "unhealthy")),\
            "reasons":[\(report.reasons.map(JSONResponse.quote).joined(separator: ","))],\
            "checks":{\(checks.joined(separator: ","))},"time":\(JSONResponse.quote(Timestamp.now().description))}

            """
        return JSONResponse.make(json, status: report.healthy ? .ok : .serviceUnavailable)
    }

    func prometheus() throws -> Response {
        guard let text = try metrics.render() else { return JobRoutes.ledgerUnavailable }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
    }
}
