import Foundation
import Ledger
import SpoolCore
import Testing

@testable import HTTPView

/// The API's query parameters answer as the OpenAPI document declares them: a value the schema
/// allows is taken, anything else is 400 with a JSON error that names the parameter (and, for a
/// choice, the values it takes). These are the disagreements schemathesis found (TORTURE.md).
@Suite("query parameters against the OpenAPI document")
struct QueryParameterTests {
    static let states = ["pending", "processing", "done", "failed", "hold", "removed"]

    func get(_ port: Int, _ target: String) async throws -> RawResponse {
        try await RawHTTP.request(port: port, "GET", target).response
    }

    /// The 400 body as `Error` describes it.
    func problem(_ response: RawResponse) throws -> (parameter: String, error: String, accepted: [String]?) {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        return (try #require(object["parameter"] as? String), try #require(object["error"] as? String), object["accepted"] as? [String])
    }

    @Test func anEmptyOrUnknownStateOrKindIs400NamingTheAcceptedValues() async throws {
        try await ViewServer.with(access: .open) { port in
            for target in ["/api/jobs?state=", "/api/jobs?state=bogus", "/api/jobs?state=DONE", "/api/jobs?state=%ff&limit=1"] {
                let response = try await get(port, target)
                #expect(response.status == 400, "\(target)")
                #expect(response.header("Content-Type") == "application/json; charset=utf-8")
                let refused = try problem(response)
                #expect(refused.parameter == "state" && refused.accepted == Self.states, "\(target)")
                #expect(refused.error.contains("state must be one of pending, processing"), "\(refused.error)")
            }
            #expect(try problem(try await get(port, "/api/jobs?state=")).error.hasSuffix("got an empty value"))
            let kind = try await get(port, "/api/jobs?kind=")
            #expect(kind.status == 400)
            #expect(try problem(kind).accepted == ["mp3", "concat", "page", "mp4", "carousel"])
            for state in Self.states { #expect(try await get(port, "/api/jobs?state=\(state)").status == 200, "\(state)") }
            #expect(try await get(port, "/api/jobs?kind=page").status == 200)
            // Free-text filters: any value, an empty one is no filter.
            let all = try await get(port, "/api/jobs?user=&batch=")
            #expect(all.status == 200 && all.bodyText.contains("\"jobId\":\"job1\""))
            // The dashboard's form sends state= for "all states": the page stays lenient.
            #expect(try await get(port, "/?state=&user=&kind=").status == 200)
        }
    }

    /// Each value is tried against the live server; the pattern of the document must agree, and
    /// the calendar (which a pattern cannot check, but `format: date-time` does) rules out the rest.
    @Test func sinceTakesExactlyWhatTheDocumentDeclares() async throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.base.utf8)) as? [String: Any])
        let schema = try #require(Self.parameter("since", of: "/api/jobs", in: document))
        #expect(schema["format"] as? String == "date-time")
        let pattern = try NSRegularExpression(pattern: try #require(schema["pattern"] as? String))
        let cases: [(String, Bool)] = [
            ("2026-11-23T08:00:00Z", true), ("2026-11-23T08:00:00.5Z", true), ("2026-11-23T08:00:00.123456789Z", true),
            ("2024-02-29T23:59:59Z", true), ("0000-01-01T00:00:00Z", true),
            ("E-", false), ("", false), ("2026-11-23", false), ("2026-11-23T08:00:00", false), ("2026-11-23T08:00Z", false),
            ("2026-11-23T08:00:00+01:00", false), ("2026-11-23t08:00:00z", false), ("2026-11-23 08:00:00Z", false),
            ("2026-11-23T08:00:00.Z", false), ("2026-11-23T08:00:00.1234567890Z", false), ("2026-11-23T24:00:00Z", false),
            ("2026-11-23T08:60:00Z", false), ("2026-11-23T08:00:60Z", false), ("2026-13-01T00:00:00Z", false),
            ("2026-02-30T00:00:00Z", false), ("2025-02-29T00:00:00Z", false), ("2026-04-31T00:00:00Z", false),
            ("12026-11-23T08:00:00Z", false), ("2026-11-23T08:00:00Zjunk", false), ("2026x11x23T08:00:00Z", false),
        ]
        try await ViewServer.with(access: .open) { port in
            for (value, valid) in cases {
                let encoded =
                    value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._:"))) ?? value
                let response = try await get(port, "/api/jobs?since=" + encoded)
                #expect(response.status == (valid ? 200 : 400), "since=\(value): \(response.bodyText)")
                if !valid { #expect(try problem(response).parameter == "since") }
                let matches = pattern.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
                let calendar = ["2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-04-31T00:00:00Z"].contains(value)
                #expect(matches == (valid || calendar), "the pattern and the server disagree on since=\(value)")
                #expect((Timestamp(iso8601: value) != nil) == valid, "\(value)")
            }
        }
        #expect(schema["pattern"] as? String == Timestamp.iso8601Pattern)
    }

    @Test func limitCursorAndAfterAreCheckedToo() async throws {
        try await ViewServer.with(access: .open) { port in
            for target in ["/api/jobs?limit=", "/api/jobs?limit=0", "/api/jobs?limit=1001", "/api/jobs?limit=1.5", "/api/jobs?limit=ten"] {
                let response = try await get(port, target)
                #expect(response.status == 400, "\(target)")
                #expect(try problem(response).parameter == "limit", "\(target)")
            }
            for target in ["/api/jobs?cursor=", "/api/jobs?cursor=Y", "/api/jobs?cursor=1.-x", "/api/jobs?cursor=12345678901234567890.a"] {
                let response = try await get(port, target)
                #expect(response.status == 400, "\(target)")
                #expect(try problem(response).parameter == "cursor", "\(target)")
            }
            // A real cursor matches the pattern and pages on; one an earlier version wrote still works.
            let first = try await get(port, "/api/jobs?limit=2")
            let page = try #require(try JSONSerialization.jsonObject(with: Data(first.body)) as? [String: Any])
            let cursor = try #require(page["nextCursor"] as? String)
            #expect(cursor.range(of: JobCursor.pattern, options: .regularExpression) != nil, "\(cursor)")
            let second = try await get(port, "/api/jobs?limit=2&cursor=" + cursor)
            #expect(second.status == 200 && !second.bodyText.contains(cursor))
            let legacy = Data(cursor.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            #expect(try await get(port, "/api/jobs?limit=2&cursor=" + legacy).bodyText == second.bodyText)
            for target in [
                "/api/events?after=", "/api/events?after=abc", "/api/events?after=-1", "/api/events?after=1e9",
                "/api/events?after=" + String(repeating: "9", count: 40),
            ] {
                let response = try await get(port, target)
                #expect(response.status == 400, "\(target)")
                #expect(try problem(response).parameter == "after", "\(target)")
            }
        }
    }

    /// Every variant of the document (per access mode) declares the same parameters.
    @Test func everyDocumentVariantDeclaresTheParameters() throws {
        let token = try BearerToken("tok_0123456789abcdefXYZ")
        let keys = try CapabilityKeys(secret: Array("0123456789abcdef0123456789abcdef".utf8))
        let variants: [(String, HTTPAccess)] = [
            ("open", .open), ("token", HTTPAccess(mode: .token, token: token)),
            ("capability", HTTPAccess(mode: .capability, capabilities: keys)),
            ("capability with a token", HTTPAccess(mode: .capability, token: token, capabilities: keys)),
        ]
        for (name, access) in variants {
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json(for: access).utf8)) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: Any])
            if paths["/api/jobs"] != nil {
                #expect(
                    Self.parameter("since", of: "/api/jobs", in: document)?["pattern"] as? String == Timestamp.iso8601Pattern, "\(name)")
                #expect(Self.parameter("cursor", of: "/api/jobs", in: document)?["pattern"] as? String == JobCursor.pattern, "\(name)")
                #expect(Self.parameter("state", of: "/api/jobs", in: document)?["enum"] as? [String] == Self.states, "\(name)")
                #expect(Self.parameter("after", of: "/api/events", in: document)?["minimum"] as? Int == 0, "\(name)")
            }
            if paths["/j/{id}/{key}/events"] != nil {
                #expect(Self.parameter("after", of: "/j/{id}/{key}/events", in: document)?["minimum"] as? Int == 0, "\(name)")
            }
            let errorSchema = ((document["components"] as? [String: Any])?["schemas"] as? [String: Any])?["Error"] as? [String: Any]
            #expect((errorSchema?["properties"] as? [String: Any])?.keys.sorted() == ["accepted", "error", "parameter"], "\(name)")
        }
    }

    /// The schema of query parameter `name` of `GET path`.
    static func parameter(_ name: String, of path: String, in document: [String: Any]) -> [String: Any]? {
        let operation = ((document["paths"] as? [String: Any])?[path] as? [String: Any])?["get"] as? [String: Any]
        let parameters = operation?["parameters"] as? [[String: Any]] ?? []
        return parameters.first { $0["name"] as? String == name && $0["in"] as? String == "query" }?["schema"] as? [String: Any]
    }
}
