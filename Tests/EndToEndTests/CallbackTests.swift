import Foundation
import Ledger
import SpoolCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Callbacks against a real receiver on 127.0.0.1 that checks every signature with the secret
/// the daemon was given.
@Suite("Callbacks, end to end", .serialized)
struct CallbackTests {
    /// A spool with a tone in media/, a receiver, and the secret in a file.
    private func setUp() throws -> (SpoolFixture, CallbackReceiver, [String]) {
        let fixture = try SpoolFixture()
        let receiver = try CallbackReceiver()
        let secretFile = fixture.directory + "/callback.secret"
        try fixture.write(receiver.secret + "\n", to: secretFile)
        try fixture.makeTone("tone.wav", seconds: 1)
        return (fixture, receiver, ["--allow-host", "127.0.0.1", "--callback-secret-file", secretFile, "--callback-retry-seconds", "0.2"])
    }

    private func job(_ id: String, input: String = "tone.wav", callback: String) -> String {
        #"{"id": "\#(id)", "kind": "mp3", "input": "\#(input)", "callbackUrl": "\#(callback)"}"#
    }

    private func outboxFiles(_ fixture: SpoolFixture) -> [String] {
        ((try? FileOps.list(fixture.layout.callbacks)) ?? []).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
    }

    private func attempts(_ fixture: SpoolFixture, _ id: String) -> [CallbackAttempt] {
        (try? Ledger(path: Ledger.path(in: fixture.layout), readOnly: true).callbackAttempts(of: id)) ?? []
    }

    @Test func completedFailedAndRejectedJobsEachGetOneSignedDelivery() async throws {
        let (fixture, receiver, flags) = try setUp()
        try fixture.startDaemon(flags)
        try fixture.drop("good.json", job("good", callback: receiver.url("/ok/good")))
        try fixture.drop("bad.json", job("bad", input: "missing.wav", callback: receiver.url("/ok/bad")))
        try fixture.drop("wrong.json", #"{"kind": "nope", "callbackUrl": "\#(receiver.url("/ok/wrong"))"}"#)
        #expect(try await fixture.waitForFinal("good").status == .completed)
        #expect(try await fixture.waitForFinal("bad").errorCode == "input-not-found")
        try await fixture.waitFor("three callbacks") { receiver.requests.count >= 3 && outboxFiles(fixture).isEmpty }
        // Long enough for a second delivery of any of them to show up.
        try await Task.sleep(for: .seconds(1.5))
        for (id, state) in [("good", JobState.done), ("bad", .failed), ("wrong.rejected", .failed)] {
            let requests = receiver.requests(for: id)
            #expect(requests.count == 1, "\(id): \(requests.count) deliveries")
            let request = try #require(requests.first)
            let status = try FileOps.readRegularFile(fixture.layout.jobFolder(id, in: state) + "/status.json", maxBytes: 1 << 20).bytes
            #expect(Data(base64Encoded: request.body) == Data(status), "\(id): the body is the final status.json")
            #expect(request.valid, "\(id): the signature checks out with the secret")
            #expect(request.contentType == "application/json")
            #expect(request.attempt == "1")
            #expect(request.delivery?.isEmpty == false)
            let sent = try #require(request.timestamp.flatMap(Double.init))
            #expect(abs(sent - request.at) < 60)
            #expect(!FileOps.exists(fixture.layout.jobFolder(id, in: state) + "/" + CallbackMarker.name))
        }
        try await fixture.waitFor("the ledger to record the delivery") { attempts(fixture, "good").count == 1 }
        let report = try fixture.mediaspool(["status", "good", "--spool", fixture.layout.root]).stdout
        #expect(report.contains("callback   delivered to \(receiver.url("/ok/good")) (HTTP 200)"), "\(report)")
        #expect(fixture.daemonLog.contains("callback delivered"))
        #expect(!fixture.daemonLog.contains("unsigned"))
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func aReceiverAnswering500TwiceGetsThreeRecordedTries() async throws {
        let (fixture, receiver, flags) = try setUp()
        try fixture.startDaemon(flags)
        try fixture.drop("flaky.json", job("flaky", callback: receiver.url("/flaky/f1?fail=2")))
        try await fixture.waitForFinal("flaky")
        try await fixture.waitFor("three tries, the last delivered") {
            attempts(fixture, "flaky").count == 3 && outboxFiles(fixture).isEmpty
        }
        let tries = attempts(fixture, "flaky")
        #expect(tries.map(\.httpStatus) == [500, 500, 200])
        #expect(tries.map(\.outcome) == [.retrying, .retrying, .delivered])
        #expect(tries.map(\.attempt) == [1, 2, 3])
        #expect(Set(tries.map(\.deliveryId)).count == 1)
        #expect(tries[0].nextAttemptAt != nil && tries[2].nextAttemptAt == nil)
        let requests = receiver.requests(for: "flaky")
        #expect(requests.map(\.attempt) == ["1", "2", "3"])
        #expect(Set(requests.compactMap(\.delivery)).count == 1)
        #expect(requests.allSatisfy { $0.valid })
        let report = try fixture.mediaspool(["status", "flaky", "--spool", fixture.layout.root]).stdout
        #expect(report.contains("(HTTP 200)") && report.contains("after 3 tries"), "\(report)")
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func aReceiverThatRejectsIsNotRetried() async throws {
        let (fixture, receiver, flags) = try setUp()
        try fixture.startDaemon(flags)
        try fixture.drop("gone.json", job("gone", callback: receiver.url("/status/410")))
        try await fixture.waitForFinal("gone")
        try await fixture.waitFor("the try to be recorded") { attempts(fixture, "gone").count == 1 }
        try await Task.sleep(for: .seconds(1))
        #expect(receiver.requests(for: "gone").count == 1)
        #expect(attempts(fixture, "gone").map(\.outcome) == [.failed])
        // Given up: kept for the operator in .callbacks/failed/.
        #expect(outboxFiles(fixture).isEmpty)
        #expect(((try? FileOps.list(fixture.layout.callbacks + "/failed")) ?? []).count == 1)
        let report = try fixture.mediaspool(["status", "gone", "--spool", fixture.layout.root]).stdout
        #expect(report.contains("gave up on") && report.contains("HTTP 410"), "\(report)")
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func aHangingReceiverDoesNotDelayOtherJobs() async throws {
        let (fixture, receiver, flags) = try setUp()
        try fixture.startDaemon(flags + ["--callback-timeout-seconds", "30"])
        try fixture.drop("slow.json", job("slow", callback: receiver.url("/hang/slow")))
        try await fixture.waitFor("the slow receiver to hold its request") { receiver.requests(for: "slow").count == 1 }
        try fixture.drop("quick.json", job("quick", callback: receiver.url("/ok/quick")))
        #expect(try await fixture.waitForFinal("quick", timeout: 30).status == .completed)
        try await fixture.waitFor("the quick job's callback", timeout: 20) { receiver.requests(for: "quick").count == 1 }
        // All of this happened while the slow receiver still held its request.
        #expect(receiver.finishedHolds.isEmpty)
        #expect(attempts(fixture, "slow").isEmpty)
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func aDaemonKilledBeforeDeliveryDeliversAfterRestart() async throws {
        let (fixture, receiver, flags) = try setUp()
        try fixture.startDaemon(flags)
        try fixture.drop("crash.json", job("crash", callback: receiver.url("/hang-once/crash")))
        try await fixture.waitForFinal("crash")
        try await fixture.waitFor("the first try to be in flight") { receiver.requests(for: "crash").count == 1 }
        try await fixture.killDaemon()
        #expect(outboxFiles(fixture).count == 1, "the delivery waits in .callbacks/")

        try fixture.startDaemon(flags)
        try await fixture.waitFor("the delivery after the restart") { outboxFiles(fixture).isEmpty }
        let requests = receiver.requests(for: "crash")
        #expect(requests.count == 2)
        #expect(requests.first?.delivery == requests.last?.delivery, "the same delivery, sent again (at least once)")
        #expect(requests.first?.body == requests.last?.body)
        #expect(requests.allSatisfy { $0.valid })
        try await fixture.waitFor("the ledger to record it") { attempts(fixture, "crash").last?.outcome == .delivered }
        #expect(try await fixture.stopDaemon() == 0)
    }

    /// A crash right after a job's final rename leaves its marker in the job folder: the next
    /// daemon finds it and delivers.
    @Test func aMarkerLeftByACrashIsDeliveredAtTheNextStart() async throws {
        let (fixture, receiver, flags) = try setUp()
        let folder = fixture.layout.jobFolder("orphan", in: .done)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var status = JobStatus(jobId: "orphan", kind: "mp3", status: .completed, createdAt: .now(), maxAttempts: 3)
        status.completedAt = .now()
        try StatusFile.write(status, to: folder)
        try CallbackMarker.arm(in: folder, url: receiver.url("/ok/orphan"))
        try fixture.startDaemon(flags)
        try await fixture.waitFor("the orphaned callback") { receiver.requests(for: "orphan").count == 1 }
        #expect(Data(base64Encoded: receiver.requests(for: "orphan")[0].body) == Data(StatusFile.encode(status)))
        #expect(!FileOps.exists(folder + "/" + CallbackMarker.name))
        #expect(try await fixture.stopDaemon() == 0)
    }

    @Test func withoutASecretCallbacksAreSentUnsignedAndTheLogSaysSo() async throws {
        let (fixture, receiver, _) = try setUp()
        try fixture.startDaemon(["--allow-host", "127.0.0.1"])
        try fixture.drop("plain.json", job("plain", callback: receiver.url("/ok/plain")))
        try await fixture.waitFor("the callback") { receiver.requests(for: "plain").count == 1 }
        #expect(receiver.requests(for: "plain")[0].signature == nil)
        try await fixture.waitFor("the log line") { fixture.daemonLog.contains("callbacks are sent unsigned") }
        #expect(try await fixture.stopDaemon() == 0)
    }
}
