import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import SpoolCore

/// `capability` mode: each job under its own unguessable URL, `/j/<id>/<key>/` (see
/// ``CapabilityKeys``), and nothing else about it anywhere:
///
/// - `GET /j/<id>/<key>/`: the dashboard with this job alone;
/// - `GET /j/<id>/<key>/status`: its status.json with its `state`, `outputUrl` pointing here;
/// - `GET /j/<id>/<key>/events`: its server-sent events (the stream of `/api/events`, this job only);
/// - `GET|HEAD /j/<id>/<key>/files/<name>`: its outputs, exactly as `/files/<id>/<name>` serves them.
///
/// A wrong key answers what an unknown job answers, byte for byte, so a key cannot be told
/// apart from a missing job, and a job's existence is never revealed without its key.
struct CapabilityRoutes: Sendable {
    let keys: CapabilityKeys
    let jobs: JobRoutes
    let events: EventRoutes
    let files: FileResponder

    func add(to router: Router<BasicRequestContext>) {
        router.get("/j/:id/:key") { _, context in page(context) }
        router.get("/j/:id/:key/status") { _, context in status(context) }
        router.get("/j/:id/:key/events") { request, context in
            guard let id = job(context) else { return Self.noSuchJob }
            return events.stream(request, job: id)
        }
        let file: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, context in
            guard let id = job(context) else {
                let response = FileResponder.error(.notFound, "no such job")
                return request.method == .head ? response.createHeadResponse() : response
            }
            return files.respond(to: request, id: Substring(id), name: context.parameters[Substring("name")] ?? "", logger: context.logger)
        }
        router.get("/j/:id/:key/files/:name", use: file)
        router.head("/j/:id/:key/files/:name", use: file)
    }

    /// Whether `path` is one of the file routes (which answer HEAD themselves).
    static func isFilePath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 6 && parts[0].isEmpty && parts[1] == "j" && parts[4] == "files"
    }

    /// The job id when the key in the path is its key; nil otherwise (and for an invalid id).
    func job(_ context: BasicRequestContext) -> String? {
        guard let raw = context.parameters[Substring("id")], let key = context.parameters[Substring("key")],
            let id = ServedName.decode(raw), Job.isValidID(id), keys.accepts(key, for: id)
        else { return nil }
        return id
    }

    func status(_ context: BasicRequestContext) -> Response {
        guard let id = job(context), let row = jobs.find(id), let status = row.jobStatus else { return Self.noSuchJob }
        return JSONResponse.make(Self.itemJSON(state: row.state, status: status, base: keys.path(for: id)) + "\n")
    }

    func page(_ context: BasicRequestContext) -> Response {
        guard let id = job(context), let row = jobs.find(id) else { return Self.noSuchJob }
        let base = keys.path(for: id)
        var job = DashboardRoutes.job(row) { base + "files/" + DashboardEscaping.query($0) }
        job.batchId = nil  // its batch's page is a listing
        let model = DashboardModel(counts: [:], jobs: [job], generatedAt: Timestamp.now().description, jobBase: base)
        return DashboardRoutes.html(model)
    }

    /// What `/api/jobs` lists for a job, with `outputUrl` under this job's URL.
    static func itemJSON(state: String, status: JobStatus, base: String) -> String {
        var status = status
        status.outputUrl = status.outputs.first.map { base + "files/" + DashboardEscaping.query($0.name) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(status)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "{\"state\":\(JSONResponse.quote(state))," + json.dropFirst()
    }

    static var noSuchJob: Response { JSONResponse.error(.notFound, "no such job") }
}
