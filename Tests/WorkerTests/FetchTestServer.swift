import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real HTTP server on 127.0.0.1 for ``URLFetcherTests``: a small `python3` `http.server`
/// started per test on port 0. It logs every accepted connection (`CONNECT`) and request
/// (`GET /path`) to a file the test reads, and serves:
///
/// - `/file`: ``body`` (random bytes), `Content-Type: audio/mpeg`
/// - `/redirect/N`: 302 to `/redirect/N-1`, `/redirect/0` to `/file`
/// - `/to?url=U`: 302 to `U`; `/loop`: 302 to itself
/// - `/stall`: 200 with Content-Length 1,000,000, 1,000 bytes, then nothing
/// - `/trickle`: 200 with Content-Length 6, one byte every 0.5 s
/// - `/huge`: 200 with Content-Length 10 GB, then nothing
/// - `/endless`: 200 without Content-Length, bytes until the client goes
/// - `/flaky?key=K&fail=N&status=S&retry_after=R`: status S (503) for the first N requests
///   of key K (with Retry-After R if given), then `/file`
/// - `/status/S`: status S with a short body
final class FetchTestServer {
    let port: Int
    let body: Data
    private let folder: String
    private let process: Process

    init() throws {
        folder = FileManager.default.temporaryDirectory.path + "/fetchserver-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        body = Data((0..<300_000).map { _ in UInt8.random(in: 0...255) })
        try body.write(to: URL(fileURLWithPath: folder + "/served.bin"))
        try Data(Self.script.utf8).write(to: URL(fileURLWithPath: folder + "/server.py"))
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [folder + "/server.py", folder + "/requests.log", folder + "/served.bin"]
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

    func url(_ path: String, host: String = "127.0.0.1") -> String {
        "http://\(host):\(port)\(path)"
    }

    /// What the server saw, in order: `CONNECT` per accepted connection, `GET /path` per request.
    var log: [String] {
        let text = (try? String(contentsOfFile: folder + "/requests.log", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    var requests: [String] { log.filter { $0.hasPrefix("GET ") } }

    private static let script = #"""
        import http.server, sys, threading, time
        from urllib.parse import urlparse, parse_qs

        log_path, body_path = sys.argv[1], sys.argv[2]
        body = open(body_path, "rb").read()
        counts = {}
        lock = threading.Lock()

        def log(line):
            with lock:
                with open(log_path, "a") as f:
                    f.write(line + "\n")

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def reply(self, status, headers=(), data=b""):
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                log("GET " + self.path)
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                path = url.path
                try:
                    if path == "/file":
                        self.reply(200, [("Content-Type", "audio/mpeg")], body)
                    elif path.startswith("/redirect/"):
                        n = int(path.split("/")[2])
                        self.reply(302, [("Location", "/file" if n == 0 else "/redirect/%d" % (n - 1))], b"moved")
                    elif path == "/to":
                        self.reply(302, [("Location", query["url"])], b"moved")
                    elif path == "/loop":
                        self.reply(302, [("Location", "/loop")], b"again")
                    elif path == "/stall":
                        self.send_response(200)
                        self.send_header("Content-Length", "1000000")
                        self.end_headers()
                        self.wfile.write(b"x" * 1000)
                        self.wfile.flush()
                        time.sleep(60)
                    elif path == "/trickle":
                        self.send_response(200)
                        self.send_header("Content-Length", "6")
                        self.end_headers()
                        for _ in range(6):
                            time.sleep(0.5)
                            self.wfile.write(b"x")
                            self.wfile.flush()
                    elif path == "/huge":
                        self.send_response(200)
                        self.send_header("Content-Length", str(10 ** 10))
                        self.end_headers()
                        self.wfile.flush()
                        time.sleep(60)
                    elif path == "/endless":
                        self.send_response(200)
                        self.send_header("Connection", "close")
                        self.end_headers()
                        self.close_connection = True
                        while True:
                            self.wfile.write(b"y" * 65536)
                    elif path == "/flaky":
                        key = query["key"]
                        with lock:
                            counts[key] = counts.get(key, 0) + 1
                            count = counts[key]
                        if count <= int(query["fail"]):
                            headers = [("Retry-After", query["retry_after"])] if "retry_after" in query else []
                            self.reply(int(query.get("status", "503")), headers, b"try later")
                        else:
                            self.reply(200, [("Content-Type", "audio/mpeg")], body)
                    elif path.startswith("/status/"):
                        self.reply(int(path.split("/")[2]), [], b"status body")
                    else:
                        self.reply(404, [], b"no such path")
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def verify_request(self, request, client_address):
                log("CONNECT")
                return True

        server = Server(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#
}
