import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A callback receiver on 127.0.0.1 for ``CallbackTests``: a small `python3` `http.server`
/// started per test on port 0 that checks each request's signature with the same secret the
/// daemon was given (the way the README tells receivers to) and logs every request as a JSON
/// line. It answers:
///
/// - `/ok/...`: 200
/// - `/flaky/KEY?fail=N`: 500 for the first N requests of KEY, then 200
/// - `/hang/...`: holds the request for 60 s, then 200
/// - `/hang-once/KEY`: holds the first request of KEY for 60 s, answers later ones at once
/// - `/status/S`: status S
final class CallbackReceiver {
    struct Request: Decodable {
        var path: String
        var job: String?
        var delivery: String?
        var attempt: String?
        var timestamp: String?
        var signature: String?
        var contentType: String?
        /// The signature checked out with the secret (false when there was none to check).
        var valid: Bool
        var body: String
        var at: Double
    }

    let port: Int
    let secret: String
    private let folder: String
    private let process: Process

    init(secret: String = "s3cret-\(UUID().uuidString.prefix(8))") throws {
        self.secret = secret
        folder = FileManager.default.temporaryDirectory.path + "/callbackreceiver-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(Self.script.utf8).write(to: URL(fileURLWithPath: folder + "/server.py"))
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [folder + "/server.py", folder + "/requests.log", secret]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(10) {
            let more = output.fileHandleForReading.availableData
            guard !more.isEmpty else { throw CocoaError(.fileReadCorruptFile) }
            line.append(more)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        self.port = port
    }

    deinit {
        // SIGKILL: the child inherits Foundation's blocked signal mask, so SIGTERM stays pending.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: folder)
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Every request received so far, in order of arrival.
    var requests: [Request] {
        let text = (try? String(contentsOfFile: folder + "/requests.log", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    func requests(for job: String) -> [Request] { requests.filter { $0.job == job } }

    /// Paths of held requests that have been answered (`/hang…` after its 60 s).
    var finishedHolds: [String] {
        let text = (try? String(contentsOfFile: folder + "/holds.log", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    private static let script = #"""
        import base64, hashlib, hmac, http.server, json, sys, threading, time
        from urllib.parse import urlparse, parse_qs

        log_path, secret = sys.argv[1], sys.argv[2].encode()
        holds_path = log_path.replace("requests.log", "holds.log")
        counts = {}
        lock = threading.Lock()

        def append(path, line):
            with lock:
                with open(path, "a") as f:
                    f.write(line + "\n")

        def verify(timestamp, body, signature):
            # What a receiver does: HMAC-SHA256 over "<timestamp>.<body>", compared in constant time.
            expected = "sha256=" + hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
            return hmac.compare_digest(expected, signature or "")

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, status):
                data = b'{"ok": true}' if status < 300 else b"nope"
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                parts = url.path.split("/")
                timestamp = self.headers.get("X-Mediaspool-Timestamp", "")
                signature = self.headers.get("X-Mediaspool-Signature")
                append(log_path, json.dumps({
                    "path": self.path, "job": self.headers.get("X-Mediaspool-Job"),
                    "delivery": self.headers.get("X-Mediaspool-Delivery"), "attempt": self.headers.get("X-Mediaspool-Attempt"),
                    "timestamp": timestamp, "signature": signature, "contentType": self.headers.get("Content-Type"),
                    "valid": verify(timestamp, body, signature), "body": base64.b64encode(body).decode(), "at": time.time()}))
                try:
                    kind = parts[1] if len(parts) > 1 else ""
                    key = parts[2] if len(parts) > 2 else ""
                    with lock:
                        counts[(kind, key)] = counts.get((kind, key), 0) + 1
                        count = counts[(kind, key)]
                    if kind == "ok":
                        self.reply(200)
                    elif kind == "flaky":
                        self.reply(500 if count <= int(query.get("fail", "1")) else 200)
                    elif kind == "hang" or (kind == "hang-once" and count == 1):
                        time.sleep(60)
                        append(holds_path, self.path)
                        self.reply(200)
                    elif kind == "hang-once":
                        self.reply(200)
                    elif kind == "status":
                        self.reply(int(key))
                    else:
                        self.reply(404)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

        server = Server(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#
}
