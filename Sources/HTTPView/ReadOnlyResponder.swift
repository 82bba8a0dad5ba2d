import HTTPTypes
import Hummingbird

/// Wraps the router, before it resolves a route: the view is read-only, so GET and HEAD only,
/// everything else 405 (no body is ever read), except a POST to `formPaths` (the login form,
/// which changes nothing in the spool). HEAD is answered as GET without the body but with its
/// headers, Content-Length included (the file routes answer HEAD themselves). Every answer
/// carries `nosniff` and refuses framing.
struct ReadOnlyResponder<Wrapped: HTTPResponder>: HTTPResponder where Wrapped.Context == BasicRequestContext {
    typealias Context = BasicRequestContext
    let wrapped: Wrapped
    var formPaths: Set<String> = []

    func respond(to request: Request, context: Context) async throws -> Response {
        var response: Response
        switch request.method {
        case .get:
            response = try await wrapped.respond(to: request, context: context)
        case .head where request.uri.path.hasPrefix("/files/") || CapabilityRoutes.isFilePath(request.uri.path):
            response = try await wrapped.respond(to: request, context: context)
        case .post where formPaths.contains(request.uri.path):
            response = try await wrapped.respond(to: request, context: context)
        case .head:
            var head = request.head
            head.method = .get
            response = try await wrapped.respond(to: Request(head: head, body: request.body), context: context)
            // The length GET would send; the server writes no body bytes for HEAD.
            let length = response.body.contentLength ?? response.headers[.contentLength].flatMap { Int($0) }
            response.body = ResponseBody(contentLength: length) { writer in try await writer.finish(nil) }
        default:
            // `Allow` lists what the resource takes: the login form takes its POST too.
            let form = formPaths.contains(request.uri.path)
            response = JSONResponse.error(
                .methodNotAllowed, "this view is read-only: only GET and HEAD are allowed" + (form ? ", and POST to this form" : ""))
            response.headers[.allow] = form ? "GET, HEAD, POST" : "GET, HEAD"
        }
        response.headers[.contentTypeOptions] = "nosniff"
        response.headers[.frameOptions] = "DENY"
        response.headers[.referrerPolicy] = "no-referrer"
        return response
    }
}
