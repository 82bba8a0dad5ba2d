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
    static let kinds = JobKind.allCases.map(\.rawValue)

    func add(to router: Router<BasicRequestContext>) {
        router.get("/api/jobs") { request, _ in try list(request) }
        router.get("/api/jobs/:id") { _, context in status(of: context.parameters.get("id") ?? "") }
        router.get("/api/export/:id/status") { _, context in status(of: context.parameters.get("id") ?? "") }
    }

    func list(_ request: Request) throws -> Response {
        let query = QueryParameters(request.uri.query)
        let filter: JobFilter
        switch Self.filter(from: query) {
        case .success(let parsed): filter = parsed
        case .failure(let problem): return JSONResponse.error(.badRequest, problem.message)
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

    struct BadQuery: Error {
        var message: String
    }

    /// Reads `state`, `kind`, `user`, `batch`, `since`, `limit` and `cursor`, refusing values that cannot match.
    static func filter(from query: QueryParameters) -> Result<JobFilter, BadQuery> {
        var filter = JobFilter()
        if let state = query["state"] {
            guard states.contains(state) else {
                return .failure(BadQuery(message: "state must be one of \(states.joined(separator: ", "))"))
            }
            filter.state = state
        }
        if let kind = query["kind"] {
            guard let parsed = JobKind(name: kind) else {
                return .failure(BadQuery(message: "kind must be one of \(kinds.joined(separator: ", "))"))
            }
            filter.kind = parsed.rawValue
        }
        filter.userId = query["user"]
        filter.batchId = query["batch"]
        if let since = query["since"] {
            guard let time = Timestamp(iso8601: since) else {
                return .failure(BadQuery(message: "since must be an ISO 8601 UTC time such as 2026-11-23T08:00:00Z"))
            }
            filter.since = time
        }
        if let limit = query["limit"] {
            guard let value = Int(limit), (1...JobFilter.maxLimit).contains(value) else {
                return .failure(BadQuery(message: "limit must be a number from 1 to \(JobFilter.maxLimit)"))
            }
            filter.limit = value
        }
        if let token = query["cursor"] {
            guard let cursor = JobCursor(token: token) else { return .failure(BadQuery(message: "cursor is not one this server gave")) }
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
