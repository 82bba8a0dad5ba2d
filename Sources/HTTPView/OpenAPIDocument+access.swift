import Foundation

/// The document as the server in front of the client is configured: `token` mode marks every
/// operation but `/healthz` as needing the bearer token (or the login cookie) and adds `/login`;
/// `capability` mode adds the `/j/` routes and, without a token, leaves out every route it
/// refuses. So the document never promises a route the server will not answer.
extension OpenAPIDocument {
    static func json(for access: HTTPAccess) -> String {
        guard access.mode != .open, var document = object(base) else { return base }
        var paths = document["paths"] as? [String: Any] ?? [:]
        var components = document["components"] as? [String: Any] ?? [:]
        let publicPaths: Set<String> = access.mode == .capability ? ["/healthz", "/openapi.json"] : ["/healthz"]
        let tokenSecurity: [[String: [String]]] = [["bearerToken": []], ["sessionCookie": []]]
        if access.token == nil { paths = paths.filter { publicPaths.contains($0.key) } }
        for (path, item) in paths {
            guard var item = item as? [String: Any] else { continue }
            for (method, operation) in item {
                guard var operation = operation as? [String: Any] else { continue }
                if publicPaths.contains(path) {
                    operation["security"] = [Any]()
                } else {
                    operation["security"] = tokenSecurity
                    var responses = operation["responses"] as? [String: Any] ?? [:]
                    responses["401"] = ["$ref": "#/components/responses/Unauthorized"]
                    operation["responses"] = responses
                }
                item[method] = operation
            }
            paths[path] = item
        }
        if access.token != nil {
            paths.merge(object(loginPaths) ?? [:]) { old, _ in old }
            components["securitySchemes"] = object(securitySchemes)
            components["responses"] = object(unauthorized)
        }
        if access.mode == .capability {
            paths.merge(object(capabilityPaths) ?? [:]) { old, _ in old }
            var parameters = components["parameters"] as? [String: Any] ?? [:]
            parameters["Key"] = object(keyParameter)
            components["parameters"] = parameters
        }
        document["paths"] = paths
        document["components"] = components
        if var info = document["info"] as? [String: Any] {
            info["description"] = "\(info["description"] ?? "") " + description(access)
            document["info"] = info
        }
        let data = try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        return data.map { String(decoding: $0, as: UTF8.self) + "\n" } ?? base
    }

    static func description(_ access: HTTPAccess) -> String {
        switch (access.mode, access.token != nil) {
        case (.token, _):
            "Every route except /healthz and /login needs Authorization: Bearer <token> or the cookie that /login sets."
        case (.capability, false):
            "Jobs are reachable only under their capability URLs, /j/{id}/{key}/; nothing lists them."
        case (.capability, true):
            "Jobs are reachable under their capability URLs, /j/{id}/{key}/; the other routes need the bearer token."
        case (.open, _): ""
        }
    }

    private static func object(_ json: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
    }

    static let securitySchemes = #"""
        {
          "bearerToken": {"type": "http", "scheme": "bearer", "description": "The token the server was given (--http-token-file or MEDIASPOOL_HTTP_TOKEN)"},
          "sessionCookie": {"type": "apiKey", "in": "cookie", "name": "mediaspool_session", "description": "Set by POST /login for browsers"}
        }
        """#

    static let unauthorized = #"""
        {
          "Unauthorized": {
            "description": "No token, or a wrong one; nothing else is said",
            "headers": {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer realm=\"mediaspool\""}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          }
        }
        """#

    static let loginPaths = #"""
        {
          "/login": {
            "get": {
              "summary": "The login form for browsers",
              "security": [],
              "responses": {"200": {"description": "HTML form", "content": {"text/html": {"schema": {"type": "string"}}}}}
            },
            "post": {
              "summary": "Checks the token and sets the session cookie (HttpOnly, SameSite=Strict, Path=/), then redirects to /",
              "security": [],
              "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {"schema": {
                "type": "object", "required": ["token"], "properties": {"token": {"type": "string"}}}}}},
              "responses": {
                "303": {"description": "Logged in: Set-Cookie and Location: /"},
                "401": {"description": "Wrong token: the form again", "content": {"text/html": {"schema": {"type": "string"}}}},
                "413": {"description": "A form over 4096 bytes"}
              }
            }
          },
          "/logout": {
            "get": {
              "summary": "Removes the session cookie and redirects to /login",
              "security": [],
              "responses": {"303": {"description": "Logged out"}}
            }
          }
        }
        """#

    static let keyParameter = #"""
        {"name": "key", "in": "path", "required": true, "description": "The job's capability key: base64url of 128 bits of HMAC-SHA256(secret, id)",
         "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{22}$"}}
        """#

    static let capabilityPaths = #"""
        {
          "/j/{id}/{key}/": {
            "get": {
              "summary": "The dashboard with this job alone",
              "security": [],
              "parameters": [{"$ref": "#/components/parameters/JobId"}, {"$ref": "#/components/parameters/Key"}],
              "responses": {
                "200": {"description": "HTML page", "content": {"text/html": {"schema": {"type": "string"}}}},
                "404": {"description": "No such job, or a wrong key (the same answer)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
              }
            }
          },
          "/j/{id}/{key}/status": {
            "get": {
              "summary": "The job's status.json with its state; outputUrl points under this URL",
              "security": [],
              "parameters": [{"$ref": "#/components/parameters/JobId"}, {"$ref": "#/components/parameters/Key"}],
              "responses": {
                "200": {"description": "The status", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JobItem"}}}},
                "404": {"description": "No such job, or a wrong key (the same answer)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
              }
            }
          },
          "/j/{id}/{key}/events": {
            "get": {
              "summary": "Server-sent events of this job alone (as /api/events)",
              "security": [],
              "parameters": [
                {"$ref": "#/components/parameters/JobId"}, {"$ref": "#/components/parameters/Key"},
                {"name": "Last-Event-ID", "in": "header", "description": "The id of the last event received; ignored unless a whole number", "schema": {"type": "string"}},
                {"name": "after", "in": "query", "description": "Start after this event's seq", "schema": {"type": "integer", "minimum": 0, "maximum": 9223372036854775807}}
              ],
              "responses": {
                "200": {"description": "An endless event stream", "content": {"text/event-stream": {"schema": {"type": "string"}, "x-event-data": {"$ref": "#/components/schemas/Event"}}}},
                "400": {"description": "after is not a whole number from 0", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "404": {"description": "A wrong key", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
              }
            }
          },
          "/j/{id}/{key}/files/{name}": {
            "get": {
              "summary": "An output of this job, as /files/{id}/{name} serves it (Range, ETag, Last-Modified, HEAD)",
              "security": [],
              "parameters": [
                {"$ref": "#/components/parameters/JobId"}, {"$ref": "#/components/parameters/Key"},
                {"name": "name", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "Range", "in": "header", "schema": {"type": "string"}},
                {"name": "If-None-Match", "in": "header", "schema": {"type": "string"}},
                {"name": "If-Modified-Since", "in": "header", "schema": {"type": "string"}}
              ],
              "responses": {
                "200": {"description": "The whole file"},
                "206": {"description": "A single byte range"},
                "304": {"description": "Not modified"},
                "404": {"description": "No such output, no such job, or a wrong key"},
                "416": {"description": "Range not satisfiable; Content-Range: bytes */size"}
              }
            }
          }
        }
        """#
}
