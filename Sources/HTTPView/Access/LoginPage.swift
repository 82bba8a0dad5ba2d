import HTTPTypes
import Hummingbird

/// The login form: one password field posted to `/login`. No script; the style carries a nonce
/// under the same kind of Content-Security-Policy as the dashboard.
enum LoginPage {
    static func response(status: HTTPResponse.Status, message: String?) -> Response {
        let nonce = DashboardRoutes.makeNonce()
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'nonce-\(nonce)'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html(message, nonce: nonce))))
    }

    static func html(_ message: String?, nonce: String) -> String {
        let problem = message.map { "<p class=\"problem\" role=\"alert\">\(DashboardEscaping.html($0))</p>\n" } ?? ""
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <link rel="icon" href="data:,">
            <title>mediaspool — log in</title>
            <style nonce="\(nonce)">
            body { font: 16px/1.5 system-ui, sans-serif; margin: 0; display: grid; place-items: center; min-height: 100vh; }
            form { display: grid; gap: .75rem; width: min(22rem, 90vw); }
            input, button { font: inherit; padding: .5rem .6rem; }
            .problem { color: #b3261e; margin: 0; }
            </style>
            </head>
            <body>
            <form method="post" action="\(LoginRoutes.loginPath)">
            <h1>mediaspool</h1>
            \(problem)<label for="token">Access token</label>
            <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
            <button type="submit">Log in</button>
            </form>
            </body>
            </html>

            """
    }
}
