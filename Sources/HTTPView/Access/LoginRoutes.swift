import HTTPTypes
import Hummingbird

/// `GET /login` (a form), `POST /login` (checks the token and sets the session cookie) and
/// `GET /logout`, for browsers, which cannot send an Authorization header by themselves. The
/// token travels in a form body, never in a URL (URLs end up in history and proxy logs). The
/// cookie is HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it) and
/// Path=/, so the dashboard's requests, its event stream and its downloads carry it.
struct LoginRoutes: Sendable {
    let token: BearerToken

    static let loginPath = "/login"
    static let logoutPath = "/logout"
    /// A form with one token field is far below this.
    static let maxBodyBytes = 4096
    /// Thirty days; a new token ends every session sooner.
    static let cookieMaxAge = 30 * 24 * 3600

    func add(to router: Router<BasicRequestContext>) {
        router.get(RouterPath(Self.loginPath)) { _, _ in LoginPage.response(status: .ok, message: nil) }
        router.post(RouterPath(Self.loginPath)) { request, _ in try await logIn(request) }
        router.get(RouterPath(Self.logoutPath)) { _, _ in Self.redirect(to: Self.loginPath, cookie: "") }
    }

    func logIn(_ request: Request) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maxBodyBytes)
        } catch {
            return JSONResponse.error(.contentTooLarge, "the login form is larger than \(Self.maxBodyBytes) bytes")
        }
        let form = QueryParameters(String(buffer: body))
        guard let presented = form["token"], token.matches(Substring(presented)) else {
            var response = LoginPage.response(status: .unauthorized, message: "That token is not the one this server was given.")
            response.headers[.wwwAuthenticate] = "Bearer realm=\"mediaspool\", error=\"invalid_token\""
            return response
        }
        return Self.redirect(to: "/", cookie: token.sessionValue)
    }

    /// 303 See Other (the browser follows with GET), setting the session cookie; an empty value
    /// removes it.
    static func redirect(to location: String, cookie value: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        headers[.setCookie] =
            "\(BearerToken.cookieName)=\(value); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(value.isEmpty ? 0 : cookieMaxAge)"
        return Response(status: .seeOther, headers: headers)
    }
}
