import Logging
import SpoolCore
import Testing
import Worker

@testable import Callbacks

@Suite("Callback retries")
struct CallbackBackoffTests {
    let backoff = CallbackBackoff(baseSeconds: 30, maxSeconds: 1800)

    @Test func doublesUpToTheCap() {
        let delays = (1...8).map { backoff.delay(afterTry: $0, random: 0.5) }
        #expect(delays == [30, 60, 120, 240, 480, 960, 1800, 1800])
        // The defaults: 8 tries reach about an hour after the job finished.
        let lastTry = delays.prefix(7).reduce(0, +)
        #expect(lastTry > 3000 && lastTry < 4500)
    }

    @Test func jitterStaysWithinTwentyPercent() {
        #expect(abs(backoff.delay(afterTry: 3, random: 0) - 96) < 1e-9)
        #expect(abs(backoff.delay(afterTry: 3, random: 1) - 144) < 1e-9)
        for _ in 0..<100 {
            let delay = backoff.delay(afterTry: 2)
            #expect(delay >= 48 && delay <= 72)
        }
    }

    @Test func retryAfterIsHonouredUpToTheCap() {
        #expect(backoff.delay(afterTry: 1, random: 0.5, retryAfter: 300) == 300)
        #expect(backoff.delay(afterTry: 1, random: 0.5, retryAfter: 5) == 30)
        #expect(backoff.delay(afterTry: 1, random: 0.5, retryAfter: 100_000) == 1800)
    }

    @Test func whichAnswersAreRetried() {
        func classify(_ status: Int) -> CallbackSender.Result {
            CallbackSender.classify(.answered(status: status, retryAfterSeconds: nil), durationSeconds: 0)
        }
        #expect(classify(200).delivered && classify(204).delivered)
        for status in [500, 502, 503, 429, 408] { #expect(!classify(status).delivered && classify(status).retryable) }
        for status in [400, 401, 404, 410, 301, 302] { #expect(!classify(status).delivered && !classify(status).retryable) }
        #expect(classify(302).error == "HTTP 302: redirects are not followed")
        #expect(CallbackSender.classify(.failed(reason: "timeout", transient: true), durationSeconds: 0).retryable)
        #expect(!CallbackSender.classify(.failed(reason: "host not allowed", transient: false), durationSeconds: 0).retryable)
    }

    @Test func givesUpAfterTheTriesOrTheTimeAllowed() {
        var settings = CallbackSettings()
        settings.maxTries = 3
        let service = CallbackService(
            layout: SpoolLayout(root: "/nonexistent"), settings: settings, observer: NoJobObserver(), logger: Logger(label: "test"))
        var delivery = CallbackDelivery(
            marker: .init(url: "http://127.0.0.1/x"), jobId: "j", state: .done, body: Array("{}".utf8))
        let failure = CallbackSender.Result(httpStatus: 503, error: "HTTP 503", delivered: false, retryable: true, durationSeconds: 0)
        delivery.tries = 2
        #expect(service.nextTry(after: delivery, result: failure) != nil)
        delivery.tries = 3
        #expect(service.nextTry(after: delivery, result: failure) == nil)
        delivery.tries = 1
        delivery.createdAt = Timestamp.now().adding(seconds: -7190)
        #expect(service.nextTry(after: delivery, result: failure) == nil)
        var permanent = failure
        permanent.retryable = false
        delivery.createdAt = .now()
        #expect(service.nextTry(after: delivery, result: permanent) == nil)
    }

    /// A host that is not allowed is refused before any connection.
    @Test func disallowedHostIsNeverCalled() {
        let post = HTTPPost(
            url: "http://127.0.0.1:9/hook", headers: [], body: [], allowedHosts: ["hooks.example.com"], connectTimeoutSeconds: 1,
            timeoutSeconds: 1)
        guard case .failed(let reason, let transient) = post.run() else {
            Issue.record("posted to a host that is not allowed")
            return
        }
        #expect(!transient)
        #expect(reason.contains("not in allowedHosts"))
    }
}
