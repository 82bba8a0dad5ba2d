import HTTPTypes
import Hummingbird

/// The view is read-only: GET and HEAD only, everything else 405 (before any route runs, so
/// no body is ever read). HEAD is answered as GET without the body but with its headers,
/// Content-Length included (the file routes answer HEAD themselves). Every answer carries
/// `nosniff` and refuses framing.
struct ReadOnlyMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        switch request.method {
        case .get:
            response = try await next(request, context)
        case .head where request.uri.path.hasPrefix("/files/"):
            response = try await next(request, context)
        case .head:
            var head = request.head
            head.method = .get
            response = try await next(Request(head: head, body: request.body), context)
            if response.headers[.contentLength] == nil, let length = response.body.contentLength {
                response.headers[.contentLength] = String(length)
            }
            response.body = ResponseBody()
        default:
            response = JSONResponse.error(.methodNotAllowed, "this view is read-only: only GET and HEAD are allowed")
            response.headers[.allow] = "GET, HEAD"
        }
        response.headers[.contentTypeOptions] = "nosniff"
        response.headers[.frameOptions] = "DENY"
        response.headers[.referrerPolicy] = "no-referrer"
        return response
    }
}
