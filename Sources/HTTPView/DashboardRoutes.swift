import HTTPTypes
import Hummingbird
import Ledger
import SpoolCore

/// `GET /`: the dashboard, rendered on the server from the ledger (so it shows the basics
/// before its script runs) and sent with a Content-Security-Policy that allows only its own
/// inline script and style, by a nonce fresh for every response.
struct DashboardRoutes: Sendable {
    let source: any LedgerSource

    func add(to router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in try page(request) }
    }

    func page(_ request: Request) throws -> Response {
        let query = QueryParameters(request.uri.query)
        var filter: JobFilter
        switch JobRoutes.filter(from: query, strict: false) {
        case .success(let parsed): filter = parsed
        case .failure(let problem): return problem.response
        }
        if query["limit"] == nil { filter.limit = 50 }
        guard let ledger = source.ledger else { return JobRoutes.ledgerUnavailable }
        let page = try ledger.jobs(filter)
        let model = DashboardModel(
            counts: try ledger.counts(maxAge: 1), jobs: page.rows.map { Self.job($0) }, stateFilter: filter.state,
            userFilter: filter.userId,
            users: try ledger.users(), nextCursor: page.nextCursor?.token, generatedAt: Timestamp.now().description,
            batchFilter: filter.batchId)
        return Self.html(model)
    }

    /// The page for `model`, with a CSP nonce fresh for this response.
    static func html(_ model: DashboardModel) -> Response {
        let nonce = Self.makeNonce()
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] =
            "default-src 'none'; script-src 'nonce-\(nonce)'; style-src 'nonce-\(nonce)'; img-src 'self' data:; media-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        let html = DashboardPage.render(model, nonce: nonce)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// `fileURL` gives an output's URL from its name: `/files/<id>/<name>` unless the page is a capability URL's.
    static func job(_ row: JobRow, fileURL: ((String) -> String)? = nil) -> DashboardJob {
        let status = row.jobStatus
        let fileURL = fileURL ?? { "/files/\(DashboardEscaping.query(row.id))/\(DashboardEscaping.query($0))" }
        let outputs = (status?.outputs ?? []).map { output in
            DashboardOutput(name: output.name, size: output.size, mimeType: output.mimeType, url: fileURL(output.name))
        }
        return DashboardJob(
            id: row.id, kind: row.kind, state: row.state, phase: status?.phase, progress: status?.progress ?? 0,
            estimatedSeconds: status?.estimatedSeconds, attempts: row.attempts, maxAttempts: row.maxAttempts, userId: row.userId,
            createdAt: Timestamp(microseconds: row.createdAt).description, completedAt: status?.completedAt?.description,
            inputSeconds: row.inputSeconds, error: status?.error ?? status?.lastError, errorCode: row.errorCode,
            errorField: status?.errorField, outputs: outputs, batchId: status?.batchId, batchIndex: status?.batchIndex)
    }

    /// 128 random bits in hex: unguessable by anything a page shows.
    static func makeNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
