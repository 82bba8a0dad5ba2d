import Foundation
import SpoolCore
import Testing

@testable import HTTPView

/// `GET|HEAD /files/{id}/{name}` against a live port, checked byte for byte.
@Suite("files route")
struct FileRoutesTests {
    static let audio = "/files/job1/audio.mp3"

    /// Runs `body` with a fresh spool and a server over it.
    func withServer<T: Sendable>(chunkSize: Int = 256 * 1024, _ body: @Sendable (Int) async throws -> T) async throws -> T {
        let spool = try FileSpool()
        defer { withExtendedLifetime(spool) {} }
        return try await TestServer.withFileRoutes(spool.layout, chunkSize: chunkSize, body)
    }

    func get(_ port: Int, _ target: String, _ headers: [String] = []) async throws -> RawResponse {
        let (response, trailing) = try await RawHTTP.request(port: port, "GET", target, headers: headers)
        #expect(trailing.isEmpty, "bytes after the response to GET \(target)")
        return response
    }

    // MARK: Whole files

    @Test func servesTheFileWithItsHeaders() async throws {
        let response = try await withServer { try await get($0, Self.audio) }
        #expect(response.status == 200)
        #expect(response.body == FileSpool.audio)
        #expect(response.header("Content-Length") == "1000")
        #expect(response.header("Content-Type") == "audio/mpeg")
        #expect(response.header("Accept-Ranges") == "bytes")
        #expect(response.header("ETag") == FileSpool.audioETag)
        #expect(response.header("Last-Modified") == FileSpool.lastModified)
        #expect(response.header("X-Content-Type-Options") == "nosniff")
        #expect(response.header("Cache-Control") == "public, max-age=0, must-revalidate")
        #expect(response.header("Content-Disposition") == "inline; filename=\"audio.mp3\"")
        #expect(response.header("Content-Range") == nil)
        #expect(response.header("Transfer-Encoding") == nil)
    }

    /// Several chunks, and ranges across a chunk boundary, with a chunk size that divides nothing.
    @Test(arguments: [256 * 1024, 65_537])
    func servesALargeFileInChunks(chunkSize: Int) async throws {
        let (whole, part) = try await withServer(chunkSize: chunkSize) { port in
            (try await get(port, "/files/job1/large.bin"), try await get(port, "/files/job1/large.bin", ["Range: bytes=262000-524400"]))
        }
        #expect(whole.status == 200)
        #expect(whole.header("Content-Length") == "\(FileSpool.large.count)")
        #expect(whole.body == FileSpool.large)
        #expect(part.status == 206)
        #expect(part.header("Content-Range") == "bytes 262000-524400/\(FileSpool.large.count)")
        #expect(part.body == Array(FileSpool.large[262_000...524_400]))
    }

    /// Read buffers are shared between responses: concurrent ones must each get their own bytes.
    @Test func concurrentResponsesKeepTheirBytes() async throws {
        let responses = try await withServer(chunkSize: 65_536) { port in
            try await withThrowingTaskGroup(of: (Int, RawResponse).self) { group in
                for index in 0..<12 {
                    group.addTask {
                        let range = index % 3 == 0 ? [] : ["Range: bytes=\(index * 1000)-\(index * 60_000 + 70_000)"]
                        return (index, try await RawHTTP.request(port: port, "GET", "/files/job1/large.bin", headers: range).response)
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
        }
        #expect(responses.count == 12)
        for (index, response) in responses {
            if index % 3 == 0 {
                #expect(response.status == 200)
                #expect(response.body == FileSpool.large, "response \(index)")
            } else {
                #expect(response.status == 206)
                #expect(response.body == Array(FileSpool.large[(index * 1000)...(index * 60_000 + 70_000)]), "response \(index)")
            }
        }
    }

    @Test func servesOutputsOfFailedJobs() async throws {
        let response = try await withServer { try await get($0, "/files/job2/partial.wav") }
        #expect(response.status == 200)
        #expect(response.bodyText == "RIFF")
        #expect(response.header("Content-Type") == "audio/wav")
        // status.json says 99 bytes, the file has 4: its SHA-256 no longer describes it.
        let tag = try #require(response.header("ETag"))
        #expect(tag.hasPrefix("\"") && tag.hasSuffix("\"") && !tag.contains("sha256") && tag.count > 6)
    }

    @Test func decodesPercentEncodedNames() async throws {
        let (song, dotted) = try await withServer { port in
            (try await get(port, "/files/job1/my%20song.mp3"), try await get(port, "/files/job1/audio%2Emp3"))
        }
        #expect(song.status == 200)
        #expect(song.bodyText == "song")
        #expect(song.header("Content-Disposition") == "inline; filename=\"my song.mp3\"")
        #expect(dotted.status == 200)
        #expect(dotted.body == FileSpool.audio)
    }

    @Test(arguments: [
        ("notes.txt", "text/plain; charset=utf-8"),
        ("large.bin", "application/octet-stream"),
        ("picture.svg", "image/svg+xml"),
        ("audio.mp3", "audio/mpeg"),
    ])
    func contentType(name: String, expected: String) async throws {
        let response = try await withServer { try await get($0, "/files/job1/\(name)") }
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == expected)
        // SVG can carry script: it is sandboxed when opened directly.
        #expect((response.header("Content-Security-Policy")?.contains("sandbox") ?? false) == (name == "picture.svg"))
    }

    // MARK: HEAD

    @Test func headSendsTheHeadersOfGetAndNoBody() async throws {
        let (full, head, headTrailing): (RawResponse, RawResponse, [UInt8]) = try await withServer { port in
            let full = try await get(port, Self.audio)
            let (head, trailing) = try await RawHTTP.request(port: port, "HEAD", Self.audio)
            return (full, head, trailing)
        }
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(headTrailing.isEmpty, "HEAD sent \(headTrailing.count) body bytes")
        #expect(head.header("Content-Length") == "1000")
        #expect(head.stableHeaders == full.stableHeaders)
    }

    /// On one kept-alive connection, a HEAD answer must end at its headers, or the next
    /// response would be read from the middle of a body.
    @Test func headThenGetOnOneConnection() async throws {
        let audio = Self.audio
        let (head, get, rest): (RawResponse, RawResponse, [UInt8]) = try await withServer { port in
            try await RawHTTP.onThread {
                let connection = try RawConnection(port: port)
                try connection.send("HEAD \(audio) HTTP/1.1\r\nHost: x\r\n\r\nGET \(audio) HTTP/1.1\r\nHost: x\r\n\r\n")
                let head = try connection.readResponse(bodyless: true)
                let get = try connection.readResponse()
                try connection.send("GET /files/job1/notes.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                _ = try connection.readResponse()
                return (head, get, try connection.readUntilClose())
            }
        }
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == "1000")
        #expect(get.status == 200)
        #expect(get.body == FileSpool.audio)
        #expect(rest.isEmpty)
    }

    // MARK: Ranges

    struct RangeCase: Sendable, CustomTestStringConvertible {
        var header: String
        var status: Int
        /// Content-Range expected; nil for none.
        var contentRange: String?
        /// Bytes of the 1000-byte file expected in the body; nil for the JSON of a 416.
        var bytes: ClosedRange<Int>?
        var testDescription: String { header }
    }

    static let rangeCases: [RangeCase] = [
        RangeCase(header: "bytes=0-0", status: 206, contentRange: "bytes 0-0/1000", bytes: 0...0),
        RangeCase(header: "bytes=-1", status: 206, contentRange: "bytes 999-999/1000", bytes: 999...999),
        RangeCase(header: "bytes=-500", status: 206, contentRange: "bytes 500-999/1000", bytes: 500...999),
        RangeCase(header: "bytes=-0", status: 416, contentRange: "bytes */1000", bytes: nil),
        RangeCase(header: "bytes=999-", status: 206, contentRange: "bytes 999-999/1000", bytes: 999...999),
        RangeCase(header: "bytes=1000-", status: 416, contentRange: "bytes */1000", bytes: nil),
        RangeCase(header: "bytes=1000-1005", status: 416, contentRange: "bytes */1000", bytes: nil),
        RangeCase(header: "bytes=0-5000", status: 206, contentRange: "bytes 0-999/1000", bytes: 0...999),
        RangeCase(header: "bytes=10-19", status: 206, contentRange: "bytes 10-19/1000", bytes: 10...19),
        RangeCase(header: "bytes=-2000", status: 206, contentRange: "bytes 0-999/1000", bytes: 0...999),
        RangeCase(header: "Bytes=10-19", status: 206, contentRange: "bytes 10-19/1000", bytes: 10...19),
        RangeCase(header: "bytes=0-99999999999999999999999", status: 206, contentRange: "bytes 0-999/1000", bytes: 0...999),
        RangeCase(header: "bytes=500-400", status: 200, contentRange: nil, bytes: 0...999),
        RangeCase(header: "bytes=abc", status: 200, contentRange: nil, bytes: 0...999),
        RangeCase(header: "bytes=", status: 200, contentRange: nil, bytes: 0...999),
        RangeCase(header: "bytes=1-2-3", status: 200, contentRange: nil, bytes: 0...999),
        RangeCase(header: "items=0-1", status: 200, contentRange: nil, bytes: 0...999),
        // Several ranges: the whole file with 200 (no multipart).
        RangeCase(header: "bytes=0-1, 5-6", status: 200, contentRange: nil, bytes: 0...999),
    ]

    @Test(arguments: rangeCases)
    func range(_ testCase: RangeCase) async throws {
        let response = try await withServer { try await get($0, Self.audio, ["Range: \(testCase.header)"]) }
        #expect(response.status == testCase.status)
        #expect(response.header("Content-Range") == testCase.contentRange)
        #expect(response.header("Accept-Ranges") == "bytes")
        if let bytes = testCase.bytes {
            #expect(response.body == Array(FileSpool.audio[bytes]))
            #expect(response.header("Content-Length") == "\(bytes.count)")
            #expect(response.header("Content-Type") == "audio/mpeg")
        } else {
            #expect(response.header("Content-Type") == "application/json; charset=utf-8")
            #expect(response.bodyText == #"{"error":"range not satisfiable"}"#)
        }
    }

    /// Range is defined for GET only: HEAD always describes the whole file.
    @Test func headIgnoresRange() async throws {
        let (head, _) = try await withServer { try await RawHTTP.request(port: $0, "HEAD", Self.audio, headers: ["Range: bytes=0-0"]) }
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == "1000")
        #expect(head.header("Content-Range") == nil)
    }

    @Test(arguments: [
        ("If-Range: \(FileSpool.audioETag)", 206),
        ("If-Range: \"sha256-0000\"", 200),
        ("If-Range: W/\(FileSpool.audioETag)", 200),
        ("If-Range: \(FileSpool.lastModified)", 206),
        ("If-Range: Tue, 02 Jan 2024 03:04:06 GMT", 200),
        ("If-Range: not a validator", 200),
    ])
    func ifRange(header: String, status: Int) async throws {
        let response = try await withServer { try await get($0, Self.audio, ["Range: bytes=0-9", header]) }
        #expect(response.status == status)
        #expect(response.body == Array(FileSpool.audio[0..<(status == 206 ? 10 : 1000)]))
    }

    // MARK: Conditional requests

    @Test(arguments: [
        "If-None-Match: \(FileSpool.audioETag)",
        "If-None-Match: W/\(FileSpool.audioETag)",
        "If-None-Match: *",
        "If-None-Match: \"other\", \(FileSpool.audioETag)",
        // If-None-Match wins over an If-Modified-Since that alone would not match.
        "If-None-Match: \(FileSpool.audioETag)\r\nIf-Modified-Since: Mon, 01 Jan 2024 00:00:00 GMT",
        "If-Modified-Since: \(FileSpool.lastModified)",
        "If-Modified-Since: Wed, 03 Jan 2024 00:00:00 GMT",
        "If-Modified-Since: Tuesday, 02-Jan-24 03:04:05 GMT",
        "If-Modified-Since: Tue Jan  2 03:04:05 2024",
    ])
    func notModified(header: String) async throws {
        for method in ["GET", "HEAD"] {
            let (response, trailing) = try await withServer { try await RawHTTP.request(port: $0, method, Self.audio, headers: [header]) }
            #expect(response.status == 304, "\(method)")
            #expect(response.header("ETag") == FileSpool.audioETag)
            #expect(response.header("Last-Modified") == FileSpool.lastModified)
            // No content, and no Content-Length claiming an empty file.
            #expect(trailing.isEmpty)
            #expect(response.header("Content-Length") == nil)
            #expect(response.header("Content-Type") == nil)
        }
    }

    @Test(arguments: [
        "If-None-Match: \"other\"",
        "If-None-Match: W/\"other\", \"sha256\"",
        // If-None-Match that does not match: If-Modified-Since is not looked at.
        "If-None-Match: \"other\"\r\nIf-Modified-Since: \(FileSpool.lastModified)",
        "If-Modified-Since: Tue, 02 Jan 2024 03:04:04 GMT",
        "If-Modified-Since: Sat, 01 Jan 2050 00:00:00 GMT",
        "If-Modified-Since: yesterday",
        "If-Modified-Since: Tue, 02 Jan 2024 03:04:05 UTC",
        "If-Modified-Since: Tue, 31 Feb 2024 03:04:05 GMT",
    ])
    func modified(header: String) async throws {
        let response = try await withServer { try await get($0, Self.audio, [header]) }
        #expect(response.status == 200)
        #expect(response.body == FileSpool.audio)
    }

    // MARK: Refusals

    @Test(arguments: ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
    func otherMethodsAreNotAllowed(method: String) async throws {
        let (response, _) = try await withServer {
            try await RawHTTP.request(port: $0, method, Self.audio, headers: ["Content-Length: 0"])
        }
        #expect(response.status == 405)
        #expect(response.header("Allow") == "GET, HEAD")
        #expect(response.bodyText == #"{"error":"method not allowed"}"#)
    }

    static let notFoundTargets = [
        // Jobs that are not finished.
        "/files/job3/out.mp3", "/files/job4/out.mp3", "/files/job5/out.mp3",
        // No such job; a job folder in done/ that is a symlink to processing/.
        "/files/nojob/audio.mp3", "/files/linked/out.mp3",
        // Not listed in outputs, or the job's own files.
        "/files/job1/unlisted.mp3", "/files/job1/job.json", "/files/job1/status.json",
        // Listed, but hidden, partial, not a regular file, or a symlink (to /etc/passwd, or
        // even to a listed output).
        "/files/job1/.hidden", "/files/job1/%2Ehidden", "/files/job1/take.mp3.part", "/files/job1/folder.mp3",
        "/files/job1/pipe.mp3", "/files/job1/link.mp3", "/files/job1/inner.mp3",
        // Traversal, plain and percent-encoded.
        "/files/job1/..", "/files/../job1", "/files/%2e%2e/x", "/files/%2E%2E/audio.mp3", "/files/job1/%2e%2e",
        "/files/abc/..%2f..%2fetc%2fpasswd", "/files/job1/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/files/job1/%2e%2e%2fstatus.json", "/files/job1/..%2Fdone%2Fjob1%2Faudio.mp3", "/files/job1/sub%2Faudio.mp3",
        "/files/job1/%2fetc%2fpasswd", "/files/job1/..%5cstatus.json", "/files/job1/audio.mp3%00", "/files/job1/audio.mp3%2f",
        "/files/%2e/audio.mp3", "/files/job1/%zz", "/files/job1%2f..%2fjob1/audio.mp3", "/files/.%2e/done/job1/audio.mp3",
        "/files/job1/../job1/audio.mp3", "/files/job1/audio.mp3/..", "/files/job1/audio.mp3/x",
    ]

    @Test(arguments: notFoundTargets)
    func notFound(target: String) async throws {
        let response = try await withServer { try await get($0, target) }
        #expect(response.status == 404)
        #expect(!response.bodyText.contains("root:"))
        #expect(response.body != FileSpool.audio)
        #expect(response.header("ETag") == nil)
    }

    /// What this route itself refuses comes as JSON (the router's own 404 for paths that do not
    /// match the route has no body).
    @Test func notFoundIsJSON() async throws {
        let (response, _) = try await withServer { try await RawHTTP.request(port: $0, "GET", "/files/job1/link.mp3") }
        #expect(response.header("Content-Type") == "application/json; charset=utf-8")
        #expect(response.bodyText == #"{"error":"no such file"}"#)
    }
}
