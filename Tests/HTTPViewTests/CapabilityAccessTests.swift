import Foundation
import Testing

@testable import HTTPView

/// `--http-access capability` on a live port: each job only under its own URL, nothing listed,
/// and a wrong key indistinguishable from a job that does not exist.
@Suite("capability access")
struct CapabilityAccessTests {
    static let keys = try! CapabilityKeys(secret: Array("0123456789abcdef0123456789abcdef".utf8))
    static let job1 = "/j/job1/6R6LBmBd4mTNuRH2O6K8WQ/"
    static let token = "operator-token-0123456789"

    func withServer<T: Sendable>(token: String? = nil, _ body: @Sendable (Int) async throws -> T) async throws -> T {
        let access = HTTPAccess(mode: .capability, token: try token.map { try BearerToken($0) }, capabilities: Self.keys)
        return try await ViewServer.with(access: access, body)
    }

    func get(_ port: Int, _ target: String, _ headers: [String] = [], method: String = "GET") async throws -> RawResponse {
        try await RawHTTP.request(port: port, method, target, headers: headers).response
    }

    @Test func nothingIsListed() async throws {
        try await withServer { port in
            for target in [
                "/", "/api/jobs", "/api/jobs/job1", "/api/export/job1/status", "/api/events", "/api/events?job=job1", "/metrics",
                "/files/job1/audio.mp3", "/login", "/no-such-route",
            ] {
                let response = try await get(port, target)
                #expect(response.status == 403, "\(target)")
                #expect(!response.bodyText.contains("job1") && !response.bodyText.contains("audio"), "\(target) leaks")
            }
            #expect(try await get(port, "/files/job1/audio.mp3", method: "HEAD").status == 403)
            #expect(try await get(port, "/healthz").status != 403)
            let document = try await get(port, "/openapi.json")
            #expect(document.status == 200)
            let paths = try #require(
                (try JSONSerialization.jsonObject(with: Data(document.body)) as? [String: Any])?["paths"] as? [String: Any])
            #expect(
                paths.keys.sorted() == [
                    "/healthz", "/j/{id}/{key}/", "/j/{id}/{key}/events", "/j/{id}/{key}/files/{name}", "/j/{id}/{key}/status",
                    "/openapi.json",
                ])
        }
    }

    @Test func theJobsURLServesItsStatusWithOutputsUnderIt() async throws {
        try await withServer { port in
            let response = try await get(port, Self.job1 + "status")
            #expect(response.status == 200)
            let status = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
            #expect(status["jobId"] as? String == "job1")
            #expect(status["state"] as? String == "done")
            #expect(status["outputUrl"] as? String == Self.job1 + "files/audio.mp3")
            #expect((status["outputs"] as? [[String: Any]])?.first?["name"] as? String == "audio.mp3")
            #expect(!response.bodyText.contains("/files/job1"))
            // Without the trailing slash too.
            #expect(try await get(port, "/j/job1/6R6LBmBd4mTNuRH2O6K8WQ/status").status == 200)
        }
    }

    @Test func theJobsURLServesItsFilesAsTheFileRoutesDo() async throws {
        try await withServer { port in
            let file = Self.job1 + "files/audio.mp3"
            let whole = try await get(port, file)
            #expect(whole.status == 200 && whole.body == FileSpool.audio)
            #expect(whole.header("ETag") == FileSpool.audioETag)
            let range = try await get(port, file, ["Range: bytes=-100"])
            #expect(range.status == 206 && range.body == Array(FileSpool.audio.suffix(100)))
            #expect(range.header("Content-Range") == "bytes 900-999/1000")
            #expect(try await get(port, file, ["Range: bytes=5000-"]).status == 416)
            #expect(try await get(port, file, ["If-None-Match: \(FileSpool.audioETag)"]).status == 304)
            let (head, trailing) = try await RawHTTP.request(port: port, "HEAD", file)
            #expect(head.status == 200 && head.header("Content-Length") == "1000" && trailing.isEmpty)
            let spaced = try await get(port, Self.job1 + "files/my%20song.mp3")
            #expect(spaced.status == 200 && spaced.bodyText == "song")
            // The file routes' refusals hold here too.
            for name in ["unlisted.mp3", "job.json", "link.mp3", "..%2f..%2fjob2%2fpartial.wav", "take.mp3.part"] {
                #expect(try await get(port, Self.job1 + "files/" + name).status == 404, "\(name)")
            }
            // Outputs of a job in processing/ are not served, whatever its key.
            let processing = Self.keys.path(for: "job3") + "files/out.mp3"
            #expect(try await get(port, processing).status == 404)
        }
    }

    @Test func aWrongKeyAnswersLikeAJobThatDoesNotExist() async throws {
        try await withServer { port in
            let wrongKeys = [
                "/j/job1/6R6LBmBd4mTNuRH2O6K8WR/", "/j/job1/\(Self.keys.key(for: "job2"))/", "/j/job1/x/",
                "/j/job1/6R6LBmBd4mTNuRH2O6K8WQ6R6LBmBd4mTNuRH2O6K8WQ/",
            ]
            let missing = Self.keys.path(for: "no-such-job")
            for suffix in ["", "status", "events", "files/audio.mp3"] {
                // The event stream never ends: HEAD shows its status and headers.
                let method = suffix == "events" ? "HEAD" : "GET"
                // With the right key, a job that does not exist (yet) has no status, but may have events later.
                let unknown = try await get(port, missing + suffix, method: method)
                #expect(unknown.status == (suffix == "events" ? 200 : 404), "\(suffix)")
                for base in wrongKeys + ["/j/no-such-job/6R6LBmBd4mTNuRH2O6K8WQ/"] {
                    let wrong = try await get(port, base + suffix, method: method)
                    #expect(wrong.status == 404, "\(base + suffix)")
                    if suffix != "events" {
                        #expect(wrong.body == unknown.body, "\(base + suffix)")
                        #expect(wrong.stableHeaders == unknown.stableHeaders, "\(base + suffix)")
                    }
                }
            }
        }
    }

    @Test func theJobsPageShowsThatJobAlone() async throws {
        try await withServer { port in
            let page = try await get(port, Self.job1)
            #expect(page.status == 200)
            let html = page.bodyText
            #expect(html.contains("data-job=\"job1\""))
            #expect(html.contains("data-base=\"\(Self.job1)\""))
            #expect(html.contains("src=\"\(Self.job1)files/audio.mp3\""))
            // No other job, no link into the listing routes (the script names them only for the full dashboard).
            for other in ["job2", "job3", "job4", "job5", "=\"/files/", "href=\"/?", "class=\"counts\"", "id=\"filters\"", "Older jobs"] {
                #expect(!html.contains(other), "the page shows \(other)")
            }
            #expect(page.header("Content-Security-Policy")?.contains("script-src 'nonce-") == true)
            let events = try await get(port, Self.job1 + "events", method: "HEAD")
            #expect(events.status == 200 && events.header("Content-Type") == "text/event-stream; charset=utf-8")
        }
    }

    @Test func aTokenOpensTheListingToOperators() async throws {
        try await withServer(token: Self.token) { port in
            let bearer = "Authorization: Bearer \(Self.token)"
            #expect(try await get(port, "/api/jobs").status == 401)
            #expect(try await get(port, "/api/jobs", [bearer]).bodyText.contains("\"jobId\":\"job2\""))
            #expect(try await get(port, "/metrics", [bearer]).status == 200)
            #expect(try await get(port, "/login").status == 200)
            // The job's own URL needs no token.
            #expect(try await get(port, Self.job1 + "status").status == 200)
            let document = OpenAPIDocument.json(
                for: HTTPAccess(mode: .capability, token: try BearerToken(Self.token), capabilities: Self.keys))
            #expect(document.contains("\"/api/jobs\"") && document.contains("\"/j/{id}/{key}/status\"") && document.contains("bearerToken"))
        }
    }
}
