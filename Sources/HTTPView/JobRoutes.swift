import Hummingbird
import Ledger
import SpoolCore

/// `GET /api/jobs` (from the ledger: filters and a cursor, never a walk of the folders) and
/// `GET /api/jobs/{id}` with its old path `GET /api/export/{id}/status` (the job's
/// `status.json`, read from its folder, or the ledger's copy once the folder is gone).
struct JobRoutes: Sendable {
    let layout: SpoolLayout
    let source: any LedgerSource

    static let states = JobState.allCases.map(\.rawValue) + [JobRow.removedState]

    func add(to router: Router<BasicRequestContext>) {
        router.get("/api/jobs") { request, _ in try list(request) }
        router.get("/api/jobs/:id") { _, context in status(of: context.parameters.get("id") ?? "") }
        router.get("/api/export/:id/status") { _, context in status(of: context.parameters.get("id") ?? "") }
    }

    func list(_ request: Request) throws -> Response {
        let query = QueryParameters(request.uri.query)
        let filter: JobFilter
        switch Self.filter(from: query, strict: true) {
        case .success(let parsed): filter = parsed
        case .failure(let problem): return problem.response
        }
        guard let ledger = source.ledger else { return Self.ledgerUnavailable }
        let page = try ledger.jobs(filter)
        let counts = try ledger.counts(maxAge: 1)
        var json = "{\"jobs\":["
        json.reserveCapacity(page.rows.count * 1200)
        for (index, row) in page.rows.enumerated() {
            if index > 0 { json += "," }
            json += row.itemJSON
        }
        json += "],\"nextCursor\":\(JSONResponse.optional(page.nextCursor?.token)),\"counts\":{"
        json += Self.states.map { "\"\($0)\":\(counts[$0] ?? 0)" }.joined(separator: ",")
        json += "}}\n"
        return JSONResponse.make(json)
    }

    /// Reads `state`, `kind`, `user`, `batch`, `since`, `limit` and `cursor`, refusing values that
    /// cannot match. `strict` (the API, as its OpenAPI document says): a typed parameter that is
    /// given must be valid, an empty one too. Otherwise (the dashboard, whose form sends
    /// `state=&user=` for "all") an empty value is no filter. `user` and `batch` take any text,
    /// and an empty one is no filter either way.
    static func filter(from query: QueryParameters, strict: Bool) -> Result<JobFilter, QueryProblem> {
        func value(_ key: String) -> String? { strict ? query.given(key) : query[key] }
        var filter = JobFilter()
        if let state = value("state") {
            guard states.contains(state) else { return .failure(.notOneOf("state", state, states)) }
            filter.state = state
        }
        if let kind = value("kind") {
            guard let parsed = JobKind(name: kind) else { return .failure(.notOneOf("kind", kind, JobKind.acceptedNames)) }
            filter.kind = parsed.rawValue
        }
        filter.userId = query["user"]
        filter.batchId = query["batch"]
        if let since = value("since") {
            guard let time = Timestamp(iso8601: since) else {
                return .failure(
                    QueryProblem(
                        parameter: "since",
                        message:
                            "since must be a UTC time like 2026-11-23T08:00:00Z (0 to 9 fraction digits, a real date), got \(JSONResponse.quote(since))"
                    ))
            }
            filter.since = time
        }
        if let limit = value("limit") {
            guard let number = Int(limit), (1...JobFilter.maxLimit).contains(number) else {
                return .failure(
                    QueryProblem(
                        parameter: "limit",
                        message: "limit must be a whole number from 1 to \(JobFilter.maxLimit), got \(JSONResponse.quote(limit))"))
            }
            filter.limit = number
        }
        if let token = value("cursor") {
            guard let cursor = JobCursor(token: token) else {
                return .failure(QueryProblem(parameter: "cursor", message: "cursor is not one this server gave (the nextCursor of a page)"))
            }
            filter.cursor = cursor
        }
        return .success(filter)
    }

    func status(of id: String) -> Response {
        guard Job.isValidID(id) else { return JSONResponse.error(.notFound, "no job \"\(id)\"") }
        for state in Self.lookupOrder {
            let folder = layout.jobFolder(id, in: state)
            // lstat first: a miss costs one syscall, not a failed open and its error message.
            guard FileOps.exists(folder) else { continue }
            if let (bytes, _) = try? FileOps.readRegularFile(folder + "/" + StatusFile.name, maxBytes: 4 << 20) {
                var headers = HTTPFields()
                headers[.contentType] = "application/json; charset=utf-8"
                headers[.cacheControl] = "no-store"
                return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
            }
        }
        if let row = try? source.ledger?.job(id) {
            return JSONResponse.make(row.statusJSON + "\n")
        }
        return JSONResponse.error(.notFound, "no job \"\(id)\"")
    }

    /// The job as `/api/jobs` lists it: from its folder, else the ledger's row.
    func find(_ id: String) -> JobRow? {
        for state in Self.lookupOrder {
            let folder = layout.jobFolder(id, in: state)
            guard FileOps.exists(folder) else { continue }
            if let status = StatusFile.read(from: folder) { return JobRow(id: id, state: state, status: status, optionsKey: nil) }
        }
        return try? source.ledger?.job(id)
    }

    /// Where a job is looked for: finished jobs are asked for most (players, downloads, pollers' last look).
    static let lookupOrder: [JobState] = [.done, .processing, .pending, .failed, .hold]

    static var ledgerUnavailable: Response {
        JSONResponse.error(.serviceUnavailable, "the ledger is not available yet (being created or rebuilt); try again shortly")
    }
}
