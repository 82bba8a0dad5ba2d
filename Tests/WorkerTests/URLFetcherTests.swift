import Foundation
import SpoolCore
import Testing

@testable import Worker

/// ``URLFetcher`` against a real HTTP server on 127.0.0.1 (``FetchTestServer``), with short
/// timeouts. Each test has its own server, so its request log is its own.
@Suite("URLFetcher")
struct URLFetcherTests {
    let server: FetchTestServer
    let folder: String
    let destination: String

    init() throws {
        server = try FetchTestServer()
        folder = FileManager.default.temporaryDirectory.path + "/fetch-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        destination = folder + "/input.bin"
    }

    /// A policy for 127.0.0.1 with timeouts short enough for tests.
    static func policy(_ hosts: [String] = ["127.0.0.1"], attempts: Int = 3, maxBytes: Int64 = 2 << 30) -> FetchPolicy {
        FetchPolicy(
            allowedHosts: hosts, connectTimeoutSeconds: 2, readTimeoutSeconds: 1, totalTimeoutSeconds: 20, maxBytes: maxBytes,
            attempts: attempts)
    }

    func fetch(_ url: String, policy: FetchPolicy = policy()) throws(FetchFailure) -> FetchResult {
        try URLFetcher.fetch(url, field: "input", to: destination, policy: policy) { _, _ in }
    }

    /// The failure `url` ends in; records an issue when it succeeds.
    func failure(_ url: String, policy: FetchPolicy = policy(), sourceLocation: SourceLocation = #_sourceLocation) -> FetchFailure? {
        do {
            let result = try fetch(url, policy: policy)
            Issue.record("fetched \(result.bytes) bytes", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    /// The job folder holds neither the destination nor a `.part`.
    func expectNothingLeft(sourceLocation: SourceLocation = #_sourceLocation) {
        let left = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        #expect(left.isEmpty, "left behind: \(left)", sourceLocation: sourceLocation)
    }

    static func sha256(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }

    // MARK: Success

    @Test func fetchesAFileWithItsBytesAndReportsProgress() throws {
        var reports: [(Int64, Int64?)] = []
        let result = try URLFetcher.fetch(server.url("/file"), field: "input", to: destination, policy: Self.policy()) {
            reports.append(($0, $1))
        }
        try server.body.write(to: URL(fileURLWithPath: folder + "/expected"))
        #expect(try Self.sha256(destination) == Self.sha256(folder + "/expected"))
        #expect(result == FetchResult(finalURL: server.url("/file"), bytes: 300_000, contentType: "audio/mpeg", attempts: 1, redirects: 0))
        #expect(reports.first.map { $0.0 > 0 && $0.1 == 300_000 } == true)
        #expect(reports.last.map { $0.0 == 300_000 && $0.1 == 300_000 } == true)
        #expect(!FileManager.default.fileExists(atPath: destination + ".part"))
    }

    @Test func followsARedirectChainCheckingEveryHop() throws {
        let result = try fetch(server.url("/redirect/3"))
        #expect(result.redirects == 4)
        #expect(result.finalURL == server.url("/file"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: destination)) == server.body)
        #expect(server.requests == ["GET /redirect/3", "GET /redirect/2", "GET /redirect/1", "GET /redirect/0", "GET /file"])
    }

    @Test func anExactlyListedNameMayResolveToLoopback() throws {
        let result = try fetch(server.url("/file", host: "localhost"), policy: Self.policy(["LocalHost"]))
        #expect(result.bytes == 300_000)
    }

    @Test func retriesTransientFailuresThenSucceeds() throws {
        let result = try fetch(server.url("/flaky?key=a&fail=2"))
        #expect(result.attempts == 3)
        #expect(try Data(contentsOf: URL(fileURLWithPath: destination)) == server.body)
        #expect(server.requests.count == 3)
    }

    @Test func honoursAShortRetryAfter() throws {
        let result = try fetch(server.url("/flaky?key=b&fail=1&status=429&retry_after=1"))
        #expect(result.attempts == 2)
    }

    // MARK: Hosts

    @Test func aHostNotAllowedIsNeverConnectedTo() {
        for hosts in [[], ["localhost"], ["*.0.0.1"], ["*"]] {
            let failure = failure(server.url("/file"), policy: Self.policy(hosts))
            #expect(failure?.error.code == .hostNotAllowed, "\(hosts)")
            #expect(failure?.error.field == "input")
            #expect(failure?.isTransient == false)
        }
        #expect(failure(server.url("/file"), policy: Self.policy([]))?.error.reason.contains("allowedHosts is empty") == true)
        #expect(server.log.isEmpty)
        expectNothingLeft()
    }

    @Test func aWildcardNameThatResolvesToLoopbackIsRefusedBeforeConnecting() {
        let failure = failure(server.url("/file", host: "localhost"), policy: Self.policy(["*"]))
        #expect(failure?.error.code == .hostNotAllowed)
        #expect(failure?.error.reason.contains("resolves to 127.0.0.1, which is not a public address") == true)
        #expect(server.log.isEmpty)
    }

    @Test func aRedirectToAnotherHostIsCheckedAgain() {
        let target = server.url("/file", host: "localhost")
        let failure = failure(server.url("/to?url=\(target)"))
        #expect(failure?.error.code == .hostNotAllowed)
        #expect(failure?.error.field == "input")
        #expect(failure?.error.reason.contains("host localhost is not in allowedHosts (127.0.0.1)") == true)
        #expect(failure?.error.reason.contains("redirect 1 from \(server.url("/to"))") == true)
        #expect(server.requests == ["GET /to?url=\(target)"])
        expectNothingLeft()
    }

    @Test func aRedirectToAnotherSchemeFails() {
        let failure = failure(server.url("/to?url=ftp://127.0.0.1/x"))
        #expect(failure?.error.code == .fetchFailed)
        #expect(failure?.error.reason.contains("only http and https") == true)
        #expect(failure?.isTransient == false)
    }

    // MARK: Failures

    @Test func notFoundFailsAtOnceWithoutRetry() {
        let failure = failure(server.url("/status/404"))
        #expect(
            failure
                == FetchFailure(
                    JobError(.fetchFailed, field: "input", reason: "\(server.url("/status/404")): HTTP 404 Not Found"), isTransient: false))
        #expect(server.requests.count == 1)
        expectNothingLeft()
    }

    @Test func aServerErrorThatPersistsIsTransientAfterEveryAttempt() {
        let failure = failure(server.url("/flaky?key=c&fail=9"), policy: Self.policy(attempts: 2))
        #expect(failure?.error.code == .fetchFailed)
        #expect(failure?.error.reason.hasSuffix("HTTP 503 Service Unavailable") == true)
        #expect(failure?.isTransient == true)
        #expect(server.requests.count == 2)
        expectNothingLeft()
    }

    @Test func aLongRetryAfterEndsTheFetchForTheDaemonToRetry() {
        let failure = failure(server.url("/flaky?key=d&fail=9&retry_after=3600"))
        #expect(failure?.isTransient == true)
        #expect(failure?.error.reason.contains("retry after 3600 s") == true)
        #expect(server.requests.count == 1)
    }

    @Test func aRedirectLoopStopsAtMaxRedirects() {
        let failure = failure(server.url("/loop"))
        #expect(failure?.error.code == .fetchFailed)
        #expect(failure?.error.reason.contains("more than maxRedirects (5) redirects") == true)
        #expect(server.requests.count == 6)
        expectNothingLeft()
    }

    @Test(.timeLimit(.minutes(1))) func aStalledBodyTimesOut() {
        let started = ContinuousClock.now
        let failure = failure(server.url("/stall"), policy: Self.policy(attempts: 2))
        #expect(failure?.error.code == .fetchFailed)
        #expect(
            failure?.error.reason.contains("no data for 1 s (read timeout) after 1000 bytes") == true, "\(String(describing: failure))")
        #expect(failure?.isTransient == true)
        #expect(server.requests.count == 2)
        // Two 1-s read timeouts, each caught within about a second, and a 0.5-s backoff: well
        // below the 60-s stall (and below the ~12 s curl's averaged low-speed check could take).
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .seconds(2.5) && elapsed < .seconds(9), "\(elapsed)")
        expectNothingLeft()
    }

    /// A slow body whose bytes keep coming never trips the read timeout, however long it takes.
    @Test(.timeLimit(.minutes(1))) func aSlowButSteadyBodyIsNotAStall() throws {
        let result = try fetch(server.url("/trickle"))
        #expect(result.bytes == 6)
        #expect(server.requests.count == 1)
    }

    @Test func aContentLengthAboveMaxBytesFailsBeforeTheBody() {
        let started = ContinuousClock.now
        let failure = failure(server.url("/huge"))
        #expect(failure?.error.code == .inputTooLarge)
        #expect(failure?.error.reason.contains("10000000000") == true, "\(String(describing: failure))")
        #expect(failure?.isTransient == false)
        #expect(ContinuousClock.now - started < .seconds(15))
        let small = self.failure(server.url("/file"), policy: Self.policy(maxBytes: 1000))
        #expect(small?.error.code == .inputTooLarge)
        expectNothingLeft()
    }

    @Test(.timeLimit(.minutes(1))) func aBodyThatGrowsPastMaxBytesIsCut() {
        let failure = failure(server.url("/endless"), policy: Self.policy(maxBytes: 1 << 20))
        #expect(failure?.error.code == .inputTooLarge)
        #expect(failure?.error.reason.contains("grew past") == true)
        expectNothingLeft()
    }

    @Test func credentialsInTheURLNeverReachAMessage() {
        let withCredentials = "http://someone:s3cret@127.0.0.1:\(server.port)"
        for url in [
            withCredentials + "/status/404", withCredentials + "/to?url=http://localhost/", "http://someone:s3cret@bad host/",
            server.url("/status/404") + "?X-Amz-Signature=s3cret", "http://bad host/?token=s3cret",
        ] {
            let failure = failure(url)
            #expect(failure != nil)
            #expect(failure?.error.reason.contains("s3cret") == false, "\(String(describing: failure))")
            #expect(failure?.error.reason.contains("someone") == false)
        }
        #expect(throws: Never.self) {
            let result = try fetch(withCredentials + "/file")
            #expect(result.finalURL == server.url("/file"))
        }
    }
}
