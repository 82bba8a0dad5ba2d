import Foundation
import SpoolCore
import Testing

/// The HTTP view on a live port, driven with curl and Chromium as people would.
@Suite("HTTP view, end to end", .serialized)
struct HTTPViewEndToEndTests {
    @Test func serverSentEventsFollowAJobAndResumeFromLastEventID() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("long.wav", seconds: 1500, rate: 44100, channels: 2)
        try fixture.startDaemon(["--workers", "1"])
        let base = try await fixture.httpBase()
        let capture = fixture.directory + "/events.txt"
        let stream = try HTTPClient.startStream(base + "/api/events", to: capture)
        defer { stream.terminate() }
        try await fixture.waitFor("the stream to open") {
            ((try? String(contentsOfFile: capture, encoding: .utf8)) ?? "").contains("retry:")
        }
        try fixture.drop("live.json", #"{"kind": "mp3", "input": "long.wav"}"#)
        #expect(try await fixture.waitForFinal("live").status == .completed)
        try await fixture.waitFor("the completion to be streamed", timeout: 20) {
            ((try? String(contentsOfFile: capture, encoding: .utf8)) ?? "").contains(#""type":"completed""#)
        }
        let events = HTTPClient.events(in: try String(contentsOfFile: capture, encoding: .utf8)).filter {
            $0.data["jobId"] as? String == "live"
        }
        let types = events.map { $0.data["type"] as? String ?? "" }
        #expect(types.first == "accepted")
        #expect(types.contains("started"))
        #expect(types.last == "completed")
        let progress = events.filter { $0.data["type"] as? String == "progress" }.compactMap { $0.data["progress"] as? Double }
        #expect(!progress.isEmpty, "progress while it ran: \(types)")
        #expect(progress == progress.sorted())
        #expect(events.map(\.id) == events.map(\.id).sorted())

        // A client that lost the connection after "accepted" resumes with Last-Event-ID and misses nothing.
        let accepted = try #require(events.first)
        let resumed = try HTTPClient.request(base + "/api/events", headers: ["Last-Event-ID: \(accepted.id)"], maxTime: 2)
        let replay = HTTPClient.events(in: resumed.text).filter { $0.data["jobId"] as? String == "live" }
        #expect(replay.map(\.id) == Array(events.map(\.id).dropFirst()))
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func apiHealthMetricsMethodsAndTheOpenAPIDocument() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 2)
        try fixture.startDaemon()
        let base = try await fixture.httpBase()
        try fixture.drop("ok.json", #"{"kind": "mp3", "input": "tone.wav", "userId": "ann"}"#)
        try fixture.drop("bad.json", #"{"kind": "mp3", "input": "nothing.wav"}"#)
        try await fixture.waitForFinal("ok")
        try await fixture.waitForFinal("bad")
        try await fixture.waitFor("the ledger to list both") {
            ((try? HTTPClient.request(base + "/api/jobs?state=done"))?.text ?? "").contains(#""jobId":"ok""#)
                && ((try? HTTPClient.request(base + "/api/jobs?state=failed"))?.text ?? "").contains(#""jobId":"bad""#)
        }

        let list = try HTTPClient.request(base + "/api/jobs?user=ann")
        #expect(list.status == 200)
        let object = try #require(try JSONSerialization.jsonObject(with: list.body) as? [String: Any])
        #expect((object["jobs"] as? [[String: Any]])?.map { $0["jobId"] as? String } == ["ok"])
        #expect(try HTTPClient.request(base + "/api/jobs?state=nonsense").status == 400)
        #expect(try HTTPClient.request(base + "/api/jobs/nope").status == 404)

        // The job's status.json, also at the old export service's path.
        let status = try HTTPClient.request(base + "/api/jobs/ok")
        let old = try HTTPClient.request(base + "/api/export/ok/status")
        #expect(status.status == 200 && old.status == 200)
        #expect(status.body == (try Data(contentsOf: URL(fileURLWithPath: fixture.layout.jobFolder("ok", in: .done) + "/status.json"))))
        #expect(old.body == status.body)
        #expect(status.headers["x-content-type-options"] == "nosniff")

        let health = try HTTPClient.request(base + "/healthz")
        #expect(health.status == 200, "\(health.text)")
        #expect(health.text.contains(#""watcher":"inotify""#))
        let metrics = try HTTPClient.request(base + "/metrics").text
        #expect(metrics.contains(#"mediaspool_jobs_finished_total{kind="mp3",status="completed"} 1"#))
        #expect(metrics.contains(#"mediaspool_jobs{state="done"} 1"#))
        #expect(metrics.contains("mediaspool_job_duration_seconds_bucket"))
        #expect(metrics.contains("mediaspool_job_realtime_factor_count"))

        for method in ["POST", "PUT", "DELETE", "PATCH"] {
            let answer = try HTTPClient.request(base + "/api/jobs", method: method)
            #expect(answer.status == 405)
            #expect(answer.headers["allow"] == "GET, HEAD")
        }
        let head = try HTTPClient.request(base + "/api/jobs/ok", method: "HEAD")
        #expect(head.status == 200)
        #expect(head.headers["content-length"] == String(status.body.count))

        // Every documented path answers as the document says (validated with Python's jsonschema).
        let check = try SpoolFixture.run("python3", ["-c", Self.openAPICheck, base, "ok", "bad"])
        #expect(check.status == 0, "\(check.stdout)\n\(check.stderr)")
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func dashboardInChromiumShowsRealJobs() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 2)
        try fixture.startDaemon()
        let base = try await fixture.httpBase()
        try fixture.drop("episode-1.json", #"{"kind": "mp3", "input": "tone.wav", "userId": "ann"}"#)
        try fixture.drop("episode-2.json", #"{"kind": "mp3", "input": "gone.wav", "userId": "bob"}"#)
        try await fixture.waitForFinal("episode-1")
        try await fixture.waitForFinal("episode-2")
        try await fixture.waitFor("the ledger to list both") {
            ((try? HTTPClient.request(base + "/api/jobs"))?.text ?? "").contains(#""state":"failed""#)
        }
        let page = try HTTPClient.request(base + "/")
        #expect(page.headers["content-security-policy"]?.contains("script-src 'nonce-") == true)

        let artefacts = SpoolFixture.artefactDirectory
        let screenshot = artefacts + "/dashboard.png"
        try? FileManager.default.removeItem(atPath: screenshot)
        let chromium = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,900"]
        let dom = try SpoolFixture.run("timeout", ["60", "chromium"] + chromium + ["--dump-dom", base + "/"])
        #expect(dom.stdout.contains("episode-1") && dom.stdout.contains("episode-2"))
        #expect(dom.stdout.contains("<audio"))
        #expect(dom.stdout.contains("/files/episode-1/episode-1.mp3"))
        #expect(dom.stdout.contains("input-not-found"))
        let shot = try SpoolFixture.run("timeout", ["60", "chromium"] + chromium + ["--screenshot=\(screenshot)", base + "/"])
        #expect(FileManager.default.fileExists(atPath: screenshot), "\(shot.stderr.suffix(2000))")
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func healthFailsWhenTheQueueIsTooDeep() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 1)
        try fixture.startDaemon(["--workers", "0", "--health-max-pending", "1"])
        let base = try await fixture.httpBase()
        #expect(try HTTPClient.request(base + "/healthz").status == 200)
        try fixture.drop("a.json", #"{"kind": "mp3", "input": "tone.wav"}"#)
        try fixture.drop("b.json", #"{"kind": "mp3", "input": "tone.wav"}"#)
        var health = try HTTPClient.request(base + "/healthz")
        try await fixture.waitFor("/healthz to fail") {
            health = (try? HTTPClient.request(base + "/healthz")) ?? health
            return health.status == 503
        }
        #expect(health.text.contains("queue too deep: 2 jobs pending (threshold 1)"))
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func slowClientsAreClosedAndOthersStillServed() async throws {
        let fixture = try SpoolFixture()
        try fixture.startDaemon()
        let base = try await fixture.httpBase()
        let port = try #require(base.split(separator: ":").last.map(String.init))
        // 200 connections that never finish their request head (Slowloris), then a real client.
        let check = try SpoolFixture.run("python3", ["-c", Self.slowClients, port])
        #expect(check.status == 0, "\(check.stdout)\n\(check.stderr)")
        #expect(check.stdout.contains("served 200 while slow"))
        #expect(try await fixture.stopDaemon() == 0)
    }

    static let slowClients = #"""
        import socket, sys, time, urllib.request
        port = int(sys.argv[1])
        slow = []
        for _ in range(200):
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(b"GET /api/jobs HTTP/1.1\r\nHost: x\r\nX-a: ")
            slow.append(s)
        answer = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5)
        print("served", answer.status, "while slow")
        deadline = time.time() + 40
        open_ = list(slow)
        while open_ and time.time() < deadline:
            for s in list(open_):
                s.settimeout(0.05)
                try:
                    s.sendall(b"a")  # one byte now and then, as Slowloris does
                    if s.recv(1) == b"":
                        open_.remove(s)
                except (socket.timeout, BlockingIOError):
                    pass
                except OSError:
                    open_.remove(s)
            time.sleep(1)
        print("still open after the deadline:", len(open_))
        assert not open_
        """#

    /// Fetches /openapi.json and checks each documented GET against its response schema.
    /// Arguments: base, a done job, a failed job, then optionally the bearer token ("-" for
    /// none) and the jobs' capability keys as JSON ({"id": "key"}).
    static let openAPICheck = #"""
        import json, sys, urllib.request, urllib.error, jsonschema
        base, done_id, failed_id = sys.argv[1], sys.argv[2], sys.argv[3]
        token = sys.argv[4] if len(sys.argv) > 4 and sys.argv[4] != "-" else None
        keys = json.loads(sys.argv[5]) if len(sys.argv) > 5 else {}
        headers = {"Authorization": "Bearer " + token} if token else {}
        def fetch(path):
            try:
                answer = urllib.request.urlopen(urllib.request.Request(base + path, headers=headers), timeout=5)
                return answer.status, answer.headers.get("Content-Type", ""), answer.read()
            except urllib.error.HTTPError as error:
                return error.code, error.headers.get("Content-Type", ""), error.read()
        status, _, body = fetch("/openapi.json")
        assert status == 200, status
        doc = json.loads(body)
        streams = ("/api/events", "/files/{id}/{name}", "/j/{id}/{key}/events", "/j/{id}/{key}/files/{name}", "/logout")
        checked = 0
        for path, item in doc["paths"].items():
            operation = item["get"]
            if path in streams:
                continue
            for job in (done_id, failed_id):
                status, kind, body = fetch(path.replace("{id}", job).replace("{key}", keys.get(job, "")))
                response = operation["responses"].get(str(status))
                assert response, f"{path}: {status} is not documented"
                content = response.get("content", {})
                if "application/json" in content:
                    schema = dict(content["application/json"]["schema"])
                    schema["components"] = doc["components"]
                    jsonschema.validate(json.loads(body), schema)
                    checked += 1
        if "/api/jobs/{id}" in doc["paths"]:
            status, _, body = fetch("/api/jobs/no-such-job")
            schema = {"$ref": "#/components/schemas/Error", "components": doc["components"]}
            assert status == 404
            jsonschema.validate(json.loads(body), schema)
        print("validated", checked)
        assert checked >= 6
        """#
}

/// `mediaspool serve` reads and never writes: every file of the spool is the same, byte for
/// byte, before and after it has answered every kind of request.
@Suite("mediaspool serve", .serialized)
struct ServeTests {
    /// path → SHA-256 of every regular file under the spool. SQLite's `-shm` index is left out:
    /// a WAL reader takes its read locks there by design; the database and its WAL are included.
    static func checksums(_ root: String) throws -> [String: String] {
        let result = try SpoolFixture.run(
            "sh", ["-c", "cd \"$0\" && find . -type f ! -name '*-shm' -print0 | sort -z | xargs -0 sha256sum", root])
        try #require(result.status == 0, "\(result.stderr)")
        var sums: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            sums[String(parts[1]).trimmingCharacters(in: .whitespaces)] = String(parts[0])
        }
        return sums
    }

    @Test func serveAnswersEverythingAndWritesNothing() async throws {
        let fixture = try SpoolFixture()
        try fixture.makeTone("tone.wav", seconds: 2)
        try fixture.startDaemon(["--no-http"])
        try fixture.drop("ok.json", #"{"kind": "mp3", "input": "tone.wav"}"#)
        try fixture.drop("bad.json", #"{"kind": "mp3", "input": "nothing.wav"}"#)
        try await fixture.waitForFinal("ok")
        try await fixture.waitForFinal("bad")
        #expect(try await fixture.stopDaemon() == 0)
        let before = try Self.checksums(fixture.layout.root)
        #expect(before.keys.contains("./ledger.sqlite"))

        let (serve, base) = try await fixture.startServe()
        defer { if serve.isRunning { serve.terminate() } }
        #expect(try HTTPClient.request(base + "/api/jobs").text.contains(#""jobId":"ok""#))
        #expect(try HTTPClient.request(base + "/api/jobs/ok").status == 200)
        #expect(try HTTPClient.request(base + "/").text.contains("ok"))
        let output = try HTTPClient.request(base + "/files/ok/ok.mp3")
        #expect(output.status == 200)
        #expect(output.body == (try Data(contentsOf: URL(fileURLWithPath: fixture.layout.jobFolder("ok", in: .done) + "/ok.mp3"))))
        let health = try HTTPClient.request(base + "/healthz")
        #expect(health.status == 503)
        #expect(health.text.contains("daemon not running"))
        #expect(try HTTPClient.request(base + "/metrics").text.contains("mediaspool_jobs_finished_total"))
        #expect(try HTTPClient.request(base + "/api/events?after=0", maxTime: 1).text.contains(#""type":"completed""#))
        #expect(try HTTPClient.request(base + "/api/jobs", method: "DELETE").status == 405)
        serve.terminate()
        try await fixture.waitFor("serve to stop") { !serve.isRunning }

        let after = try Self.checksums(fixture.layout.root)
        #expect(
            after == before,
            "changed: \(Set(after.keys).symmetricDifference(before.keys)) \(after.filter { before[$0.key] != $0.value }.keys)")
    }
}
