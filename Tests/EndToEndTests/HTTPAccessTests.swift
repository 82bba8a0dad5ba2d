import Foundation
import SpoolCore
import Testing

/// The HTTP view bound beyond loopback (0.0.0.0; reached through 127.0.0.1 only): refused
/// without an access mode, then with a bearer token, then with capability URLs, for `run` and
/// `serve`.
@Suite("HTTP access, end to end", .serialized)
struct HTTPAccessEndToEndTests {
    static let token = "e2e-token-0123456789abcdef"
    static let secret = "e2e-capability-secret-0123456789abcdef"

    /// A secret in a file of its own, readable by its owner only.
    func secretFile(_ fixture: SpoolFixture, _ name: String, _ value: String) throws -> String {
        let path = fixture.directory + "/" + name
        try (value + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o600)
        return path
    }

    @Test func refusesToListenBeyondLoopbackWithoutAccess() throws {
        let fixture = try SpoolFixture()
        let spool = ["--spool", fixture.layout.root]
        for command in ["run", "serve"] {
            for extra in [[], ["--http-access", "open"]] {
                let result = try SpoolFixture.run(
                    "timeout", ["20", SpoolFixture.binary, command] + spool + ["--http", "0.0.0.0:0"] + extra)
                #expect(result.status == 64, "\(command) \(extra): \(result.stderr)")
                #expect(result.stderr.contains("--http-access token"), "\(result.stderr)")
            }
            let noToken = try SpoolFixture.run(
                "timeout", ["20", SpoolFixture.binary, command] + spool + ["--http", "0.0.0.0:0", "--http-access", "token"])
            #expect(noToken.status == 64)
            #expect(noToken.stderr.contains("--http-token-file"), "\(noToken.stderr)")
            let badFile = try SpoolFixture.run(
                "timeout",
                ["20", SpoolFixture.binary, command] + spool + [
                    "--http", "0.0.0.0:0", "--http-access", "token", "--http-token-file", fixture.directory + "/missing",
                ])
            #expect(badFile.status == 1, "\(badFile.stderr)")
            #expect(badFile.stderr.contains(fixture.directory + "/missing"))
        }
    }

    @Test func aTokenGuardsEveryRouteButHealth() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 2)
        let tokenFile = try secretFile(fixture, "token", Self.token)
        try fixture.startDaemon(["--http", "0.0.0.0:0", "--http-access", "token", "--http-token-file", tokenFile])
        let base = try await fixture.httpBase()
        try fixture.drop("ok.json", #"{"kind": "mp3", "input": "tone.wav"}"#)
        try fixture.drop("bad.json", #"{"kind": "mp3", "input": "nothing.wav"}"#)
        try await fixture.waitForFinal("ok")
        try await fixture.waitForFinal("bad")
        let bearer = "Authorization: Bearer \(Self.token)"
        try await fixture.waitFor("the ledger to list both") {
            let text: String = (try? HTTPClient.request(base + "/api/jobs", headers: [bearer]))?.text ?? ""
            return text.contains(#""jobId":"ok""#) && text.contains(#""jobId":"bad""#)
        }

        for path in ["/api/jobs", "/api/jobs/ok", "/files/ok/ok.mp3", "/api/events", "/metrics", "/", "/openapi.json"] {
            let bare = try HTTPClient.request(base + path)
            #expect(bare.status == 401, "\(path)")
            #expect(bare.headers["www-authenticate"] == "Bearer realm=\"mediaspool\"", "\(path)")
            #expect(!bare.text.contains("ok.mp3"), "\(path)")
            let wrong = try HTTPClient.request(base + path, headers: ["Authorization: Bearer not-the-token-0123456789"])
            #expect(wrong.status == 401, "\(path)")
            #expect(wrong.headers["www-authenticate"]?.contains("invalid_token") == true)
        }
        #expect(try HTTPClient.request(base + "/healthz").status == 200)

        let list = try HTTPClient.request(base + "/api/jobs", headers: [bearer])
        #expect(list.status == 200 && list.text.contains(#""jobId":"ok""#))
        let mp3 = try Data(contentsOf: URL(fileURLWithPath: fixture.layout.jobFolder("ok", in: .done) + "/ok.mp3"))
        #expect(try HTTPClient.request(base + "/files/ok/ok.mp3", headers: [bearer]).body == mp3)

        // A browser's way: the form posts the token, a cookie comes back, and then the dashboard,
        // its event stream and downloads work without any header.
        let jar = fixture.directory + "/cookies.txt"
        let login = try SpoolFixture.run(
            "curl",
            [
                "-s", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", "-c", jar, "--data-urlencode", "token=\(Self.token)",
                base + "/login",
            ])
        #expect(login.stdout == "303 \(base)/", "\(login.stdout) \(login.stderr)")
        let cookies = try String(contentsOfFile: jar, encoding: .utf8)
        #expect(cookies.contains("#HttpOnly_") && cookies.contains("mediaspool_session") && !cookies.contains(Self.token))
        @Sendable func withCookie(_ path: String, maxTime: Double = 10) throws -> SpoolFixture.Result {
            try SpoolFixture.run("curl", ["-s", "-b", jar, "--max-time", "\(maxTime)", "-w", "\n%{http_code}", base + path])
        }
        let page = try withCookie("/")
        #expect(page.stdout.hasSuffix("\n200") && page.stdout.contains("data-job=\"ok\""))
        #expect(try withCookie("/api/jobs").stdout.hasSuffix("\n200"))
        #expect(try withCookie("/api/events?after=0", maxTime: 1).stdout.contains(#""type":"completed""#))
        let download = fixture.directory + "/download.mp3"
        let fetched = try SpoolFixture.run("curl", ["-s", "-b", jar, "-o", download, "-w", "%{http_code}", base + "/files/ok/ok.mp3"])
        #expect(fetched.stdout == "200")
        #expect(try Data(contentsOf: URL(fileURLWithPath: download)) == mp3)

        // The document describes this server, and every documented GET answers as documented.
        let check = try SpoolFixture.run("python3", ["-c", HTTPViewEndToEndTests.openAPICheck, base, "ok", "bad", Self.token])
        #expect(check.status == 0, "\(check.stdout)\n\(check.stderr)")
        #expect(fixture.daemonLog.contains("access=token"))
        #expect(!fixture.daemonLog.contains(Self.token))
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func capabilityURLsServeOneJobAndNothingIsListed() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 2)
        let secretFile = try secretFile(fixture, "capability-secret", Self.secret)
        let secret = ["--http-capability-secret-file", secretFile]
        try fixture.startDaemon(["--http", "0.0.0.0:0", "--http-access", "capability"] + secret)
        let base = try await fixture.httpBase()
        try fixture.drop("ok.json", #"{"kind": "mp3", "input": "tone.wav"}"#)
        try fixture.drop("bad.json", #"{"kind": "mp3", "input": "nothing.wav"}"#)
        try await fixture.waitForFinal("ok")
        try await fixture.waitForFinal("bad")

        // The operator learns the URL from `mediaspool url` (or `status`, when the secret is configured).
        let url = try fixture.mediaspool(["url", "ok"] + secret)
        #expect(url.status == 0, "\(url.stderr)")
        let path = url.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(path.range(of: #"^/j/ok/[A-Za-z0-9_-]{22}/$"#, options: .regularExpression) != nil, "\(path)")
        #expect(
            try fixture.mediaspool(["url", "ok", "--base-url", "https://media.example/"] + secret).stdout
                == "https://media.example\(path)\n")
        let status = try SpoolFixture.run(
            SpoolFixture.binary, ["status", "ok", "--spool", fixture.layout.root],
            environment: ["MEDIASPOOL_HTTP_CAPABILITY_SECRET": Self.secret, "PATH": "/usr/bin:/bin"])
        #expect(status.stdout.contains("url        \(path)"), "\(status.stdout)")
        #expect(try fixture.mediaspool(["url", "ok"]).status == 1)

        let mp3 = try Data(contentsOf: URL(fileURLWithPath: fixture.layout.jobFolder("ok", in: .done) + "/ok.mp3"))
        try await fixture.waitFor("the job's status to be served") { (try? HTTPClient.request(base + path + "status"))?.status == 200 }
        let job = try HTTPClient.request(base + path + "status")
        let object = try #require(try JSONSerialization.jsonObject(with: job.body) as? [String: Any])
        #expect(object["state"] as? String == "done")
        #expect(object["outputUrl"] as? String == path + "files/ok.mp3")
        #expect(try HTTPClient.request(base + path + "files/ok.mp3").body == mp3)
        let range = try HTTPClient.request(base + path + "files/ok.mp3", headers: ["Range: bytes=-100"])
        #expect(range.status == 206 && range.body == mp3.suffix(100))
        let page = try HTTPClient.request(base + path)
        #expect(page.status == 200 && page.text.contains("data-job=\"ok\"") && !page.text.contains("data-job=\"bad\""))
        #expect(try HTTPClient.request(base + path + "events?after=0", maxTime: 1).text.contains(#""type":"completed""#))
        // In a browser, the job's page keeps its player and links under its own URL.
        let dom = try SpoolFixture.run(
            "timeout", ["60", "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", base + path])
        #expect(dom.stdout.contains("data-job=\"ok\"") && dom.stdout.contains("src=\"\(path)files/ok.mp3\""), "\(dom.stderr.suffix(500))")

        // A wrong key is a job that does not exist; the listing routes are refused.
        let wrongKey = String(path.dropLast(2)) + (path.dropLast().last == "A" ? "B" : "A") + "/"
        let wrong = try HTTPClient.request(base + wrongKey + "status")
        let unknown = try HTTPClient.request(base + "/j/nope/AAAAAAAAAAAAAAAAAAAAAA/status")
        #expect(wrong.status == 404 && unknown.status == 404 && wrong.body == unknown.body)
        #expect(try HTTPClient.request(base + wrongKey + "files/ok.mp3").status == 404)
        for listing in ["/api/jobs", "/api/jobs/ok", "/api/events", "/files/ok/ok.mp3", "/metrics", "/"] {
            let refused = try HTTPClient.request(base + listing)
            #expect(refused.status == 403, "\(listing)")
            #expect(!refused.text.contains("ok.mp3"), "\(listing)")
        }

        let badPath = try fixture.mediaspool(["url", "bad"] + secret).stdout
        let keys = "{\"ok\": \"\(path.split(separator: "/")[2])\", \"bad\": \"\(badPath.split(separator: "/")[2])\"}"
        let check = try SpoolFixture.run("python3", ["-c", HTTPViewEndToEndTests.openAPICheck, base, "ok", "bad", "-", keys])
        #expect(check.status == 0, "\(check.stdout)\n\(check.stderr)")
        #expect(!fixture.daemonLog.contains(Self.secret))
        #expect(try await fixture.stopDaemon() == 0)

        // `serve`, the same way: capability URLs work, and a token opens the listing.
        let tokenFile = try self.secretFile(fixture, "token", Self.token)
        let log = fixture.directory + "/serve.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let serve = Process()
        serve.executableURL = URL(fileURLWithPath: SpoolFixture.binary)
        serve.arguments =
            ["serve", "--spool", fixture.layout.root, "--http", "0.0.0.0:0", "--http-access", "capability", "--http-token-file", tokenFile]
            + secret
        serve.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try serve.run()
        defer { if serve.isRunning { serve.terminate() } }
        var served = ""
        try await fixture.waitFor("serve to listen") {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            guard let range = SpoolFixture.listeningAddress(in: text) else { return false }
            served = String(text[range].dropFirst("address=".count)).replacingOccurrences(of: "0.0.0.0", with: "127.0.0.1")
            return true
        }
        #expect(try HTTPClient.request(served + path + "files/ok.mp3").body == mp3)
        #expect(try HTTPClient.request(served + "/api/jobs").status == 401)
        #expect(
            try HTTPClient.request(served + "/api/jobs", headers: ["Authorization: Bearer \(Self.token)"]).text.contains(#""jobId":"ok""#))
        serve.terminate()
        try await fixture.waitFor("serve to stop") { !serve.isRunning }
    }
}
