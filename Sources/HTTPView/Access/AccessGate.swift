import HTTPTypes
import Hummingbird

/// Wraps the router and decides, from the path alone and before any route runs, whether a
/// request may go on. Public paths are listed here and everything else is protected, so a route
/// added later is closed until someone opens it on purpose, and an unknown path answers exactly
/// like a known one (no route or job can be probed without credentials).
///
/// - `open`: everything goes on.
/// - `token`: `/healthz`, `/login` and `/logout` go on; the rest needs the bearer token (the
///   header or the login cookie), else 401 with `WWW-Authenticate: Bearer`.
/// - `capability`: `/healthz`, `/openapi.json` and `/j/…` go on (each `/j/` route checks its
///   job's key itself); the rest needs the token when one is configured, and is refused (403)
///   when none is.
struct AccessGate<Wrapped: HTTPResponder>: HTTPResponder where Wrapped.Context == BasicRequestContext {
    typealias Context = BasicRequestContext
    let access: HTTPAccess
    let wrapped: Wrapped

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        if access.mode == .open || isPublic(path) || access.token?.admits(request) == true {
            return try await wrapped.respond(to: request, context: context)
        }
        let refusal =
            access.token == nil
            ? JSONResponse.error(.forbidden, "this view shares jobs only through their own URLs, /j/<id>/<key>/: nothing is listed here")
            : Self.unauthorized(
                presentedToken: BearerToken.presented(in: request.headers[.authorization]) != nil,
                browser: path == "/" && (request.headers[.accept] ?? "").contains("text/html"))
        // The file routes get HEAD as it is (the other routes get it as GET): no body then.
        return request.method == .head ? refusal.createHeadResponse() : refusal
    }

    func isPublic(_ path: String) -> Bool {
        if path == "/healthz" { return true }
        if access.token != nil && (path == LoginRoutes.loginPath || path == LoginRoutes.logoutPath) { return true }
        return access.mode == .capability && (path == "/openapi.json" || path.hasPrefix("/j/"))
    }

    /// 401 with a JSON error (RFC 6750: `error="invalid_token"` when a token was sent); a browser
    /// asking for the dashboard gets the login form as the body instead.
    static func unauthorized(presentedToken: Bool, browser: Bool) -> Response {
        var response =
            browser
            ? LoginPage.response(status: .unauthorized, message: nil)
            : JSONResponse.error(
                .unauthorized, "this view needs a token: send Authorization: Bearer <token>, or log in at \(LoginRoutes.loginPath)")
        response.headers[.wwwAuthenticate] = "Bearer realm=\"mediaspool\"" + (presentedToken ? ", error=\"invalid_token\"" : "")
        return response
    }
}
