import Foundation
import Testing

@testable import HTTPView

/// `--http-access token` on a live port: nothing but /healthz without the token, everything with
/// it, and a browser's way in through /login and its cookie.
@Suite("token access")
struct TokenAccessTests {
    static let token = "tok_0123456789abcdefXYZ"
    static let bearer = "Authorization: Bearer \(token)"
    /// Every kind of route, known or not, with a job id in it where a route takes one.
    static let protectedTargets = [
        "/", "/api/jobs", "/api/jobs?state=done", "/api/jobs/job1", "/api/export/job1/status", "/api/events", "/api/events?job=job1",
        "/files/job1/audio.mp3", "/metrics", "/openapi.json", "/no-such-route", "/j/job1/6R6LBmBd4mTNuRH2O6K8WQ/", "//api/jobs",
        "/healthz/",
    ]

    func withServer<T: Sendable>(_ body: @Sendable (Int) async throws -> T) async throws -> T {
        try await ViewServer.with(access: HTTPAccess(mode: .token, token: try BearerToken(Self.token)), body)
    }

    func get(_ port: Int, _ target: String, _ headers: [String] = [], method: String = "GET") async throws -> RawResponse {
        try await RawHTTP.request(port: port, method, target, headers: headers).response
    }

    @Test func withoutTheTokenOnlyHealthAnswers() async throws {
        try await withServer { port in
            for target in Self.protectedTargets {
                for method in ["GET", "HEAD"] {
                    let response = try await get(port, target, method: method)
                    #expect(response.status == 401, "\(method) \(target)")
                    #expect(response.header("WWW-Authenticate") == "Bearer realm=\"mediaspool\"", "\(method) \(target)")
                    if method == "GET" {
                        #expect(response.header("Content-Type") == "application/json; charset=utf-8", "\(target)")
                        #expect(!response.bodyText.contains("job1") && !response.bodyText.contains("audio"), "\(target) leaks")
                        #expect((try? JSONSerialization.jsonObject(with: Data(response.body))) != nil, "\(target): not JSON")
                    }
                }
            }
            let health = try await get(port, "/healthz")
            #expect(health.status == 200 || health.status == 503)
            #expect(health.bodyText.contains("\"checks\""))
        }
    }

    @Test func aWrongTokenIsRefusedAsInvalid() async throws {
        try await withServer { port in
            for header in [
                "Authorization: Bearer \(Self.token)x", "Authorization: Bearer \(Self.token.dropLast())",
                "Authorization: Basic \(Self.token)",
            ] {
                let response = try await get(port, "/api/jobs", [header])
                #expect(response.status == 401, "\(header)")
                #expect(!response.bodyText.contains("job1"))
            }
            let wrong = try await get(port, "/api/jobs", ["Authorization: Bearer nope-nope-nope-nope"])
            #expect(wrong.header("WWW-Authenticate") == "Bearer realm=\"mediaspool\", error=\"invalid_token\"")
            // The cookie of another token does not open anything either.
            let cookie = try await get(
                port, "/api/jobs", ["Cookie: mediaspool_session=\(try BearerToken("other-token-0123456789").sessionValue)"])
            #expect(cookie.status == 401)
        }
    }

    @Test func theTokenOpensEveryRoute() async throws {
        try await withServer { port in
            let list = try await get(port, "/api/jobs", [Self.bearer])
            #expect(list.status == 200)
            #expect(list.bodyText.contains("\"jobId\":\"job1\""))
            #expect(try await get(port, "/api/jobs/job1", [Self.bearer]).status == 200)
            #expect(try await get(port, "/api/jobs/nope", [Self.bearer]).status == 404)
            #expect(try await get(port, "/metrics", [Self.bearer]).status == 200)
            #expect(try await get(port, "/", [Self.bearer]).bodyText.contains("data-job=\"job1\""))
            let file = try await get(port, "/files/job1/audio.mp3", [Self.bearer, "Range: bytes=10-19"])
            #expect(file.status == 206)
            #expect(file.body == Array(FileSpool.audio[10...19]))
            let head = try await get(port, "/files/job1/audio.mp3", ["authorization: bearer \(Self.token)"], method: "HEAD")
            #expect(head.status == 200 && head.header("Content-Length") == "1000")
            let events = try await get(port, "/api/events", [Self.bearer], method: "HEAD")
            #expect(events.status == 200 && events.header("Content-Type") == "text/event-stream; charset=utf-8")
            // Only GET and HEAD, as before: the login form is the one POST, and its `Allow` says so.
            let post = try await get(port, "/api/jobs", [Self.bearer], method: "POST")
            #expect(post.status == 405 && post.header("Allow") == "GET, HEAD")
            let options = try await get(port, "/login", method: "OPTIONS")
            #expect(options.status == 405 && options.header("Allow") == "GET, HEAD, POST")
        }
    }

    @Test func aBrowserLogsInWithAFormAndACookie() async throws {
        try await withServer { port in
            // The dashboard, asked for by a browser without a token: 401, with the form to log in.
            let page = try await get(port, "/", ["Accept: text/html,application/xhtml+xml"])
            #expect(page.status == 401)
            #expect(page.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            #expect(page.bodyText.contains("<form method=\"post\" action=\"/login\">"))
            #expect(!page.bodyText.contains("job1"))
            let form = try await get(port, "/login")
            #expect(form.status == 200 && form.bodyText.contains("type=\"password\""))
            #expect(form.header("Content-Security-Policy")?.contains("default-src 'none'") == true)

            let formType = "Content-Type: application/x-www-form-urlencoded"
            let wrong = try await RawHTTP.request(port: port, "POST", "/login", headers: [formType], body: "token=wrong-token-0123456789")
            #expect(wrong.response.status == 401)
            #expect(wrong.response.header("Set-Cookie") == nil)
            #expect(wrong.response.bodyText.contains("not the one"))

            let encoded = Self.token.replacingOccurrences(of: "_", with: "%5F")
            let login = try await RawHTTP.request(port: port, "POST", "/login", headers: [formType], body: "token=\(encoded)").response
            #expect(login.status == 303)
            #expect(login.header("Location") == "/")
            let setCookie = try #require(login.header("Set-Cookie"))
            let attributes = setCookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(attributes.contains("HttpOnly") && attributes.contains("SameSite=Strict") && attributes.contains("Path=/"))
            #expect(!setCookie.contains(Self.token))
            let cookie = "Cookie: " + attributes[0]

            // The dashboard, its data, its event stream and its downloads all work with the cookie.
            let dashboard = try await get(port, "/", [cookie, "Accept: text/html"])
            #expect(dashboard.status == 200 && dashboard.bodyText.contains("data-job=\"job1\""))
            #expect(try await get(port, "/api/jobs?limit=50", [cookie]).status == 200)
            #expect(try await get(port, "/api/events", [cookie], method: "HEAD").status == 200)
            let file = try await get(port, "/files/job1/audio.mp3", [cookie])
            #expect(file.status == 200 && file.body == FileSpool.audio)

            let logout = try await get(port, "/logout", [cookie])
            #expect(logout.status == 303 && logout.header("Set-Cookie")?.contains("Max-Age=0") == true)
        }
    }

    @Test func aLoginFormPastTheLimitIsRefused() async throws {
        try await withServer { port in
            let body = "token=" + String(repeating: "a", count: 5000)
            let response = try await RawHTTP.request(port: port, "POST", "/login", headers: [], body: body).response
            #expect(response.status == 413)
        }
    }

    @Test func openAPIMarksEveryRouteButHealthAsNeedingTheToken() async throws {
        let text = OpenAPIDocument.json(for: HTTPAccess(mode: .token, token: try BearerToken(Self.token)))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
        #expect(Set(paths.keys).isSuperset(of: ["/api/jobs", "/files/{id}/{name}", "/metrics", "/login", "/logout", "/healthz"]))
        #expect(!paths.keys.contains { $0.hasPrefix("/j/") })
        for (path, item) in paths {
            for (method, operation) in item {
                let security = try #require(operation["security"] as? [[String: Any]], "\(method) \(path)")
                let isPublic = ["/healthz", "/login", "/logout"].contains(path)
                #expect(security.isEmpty == isPublic, "\(method) \(path)")
                if !isPublic { #expect((operation["responses"] as? [String: Any])?["401"] != nil, "\(method) \(path)") }
            }
        }
        let schemes = (document["components"] as? [String: Any])?["securitySchemes"] as? [String: Any]
        #expect(schemes?.keys.sorted() == ["bearerToken", "sessionCookie"])
        // The open view's document stays as it was.
        #expect(OpenAPIDocument.json(for: .open) == OpenAPIDocument.base)
    }
}
