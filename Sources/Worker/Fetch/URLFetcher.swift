import Foundation
import SpoolCore

/// Fetches http(s) job inputs into the job folder, in-process with libcurl, within a
/// ``FetchPolicy``: only allowed hosts (checked again at every redirect hop, addresses
/// checked and pinned by ``HostGate``), bounded time, size and redirects, retries on
/// transient failures.
public enum URLFetcher {
    /// Fetches `url` into `destination` (written as `<destination>.part`, fsynced, renamed;
    /// removed on any failure).
    ///
    /// - Parameters:
    ///   - field: the job field that named the URL (`input`, `inputs[2]`), for errors.
    ///   - progress: bytes so far and the Content-Length if known, at most every 250 ms while
    ///     the body arrives, and once more at the end with the final size as the total. A retry
    ///     starts again from 0.
    /// - Throws: a ``FetchFailure``: `host-not-allowed`, `fetch-failed` (with the HTTP status
    ///   or curl's words), `input-too-large`, `invalid-field` (not an http(s) URL) or
    ///   `io-error`, with ``FetchFailure/isTransient`` telling whether a later retry may help.
    ///   Messages name URLs without user name or password.
    public static func fetch(
        _ url: String, field: String, to destination: String, policy: FetchPolicy, progress: (Int64, Int64?) -> Void
    ) throws(FetchFailure) -> FetchResult {
        let start = try FetchURL.parse(url, field: field)
        guard start.scheme == "http" || start.scheme == "https" else {
            throw FetchFailure(.invalidField, field: field, reason: "\(start.redacted): only http and https URLs are fetched")
        }
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(policy.totalTimeoutSeconds)
        let part = try PartFile(destination: destination, field: field)
        var hop = start
        var attempts = 1
        var redirects = 0
        while true {
            let label = redirects == 0 ? hop.redacted : "\(hop.redacted) (redirect \(redirects) from \(start.redacted))"
            let admission = try HostGate.admit(hop, policy: policy, field: field, label: label)
            let timeLeft = deadline - clock.now
            guard timeLeft > .zero else {
                throw FetchFailure(
                    .fetchFailed, field: field, reason: "\(label): gave up after totalTimeoutSeconds (\(policy.totalTimeoutSeconds) s)",
                    isTransient: true)
            }
            try part.truncate()
            let transfer = HTTPTransfer(url: hop, label: label, field: field, policy: policy, admission: admission, timeLeft: timeLeft)
            switch transfer.run(into: part.descriptor, progress: progress) {
            case .success(let bytes, let contentLength, let contentType):
                try part.commit()
                progress(bytes, contentLength ?? bytes)
                return FetchResult(finalURL: hop.redacted, bytes: bytes, contentType: contentType, attempts: attempts, redirects: redirects)
            case .redirect(let location):
                redirects += 1
                hop = try nextHop(location, from: label, redirects: redirects, field: field, policy: policy)
            case .failure(let failure, let retryAfter):
                guard failure.isTransient, attempts < policy.attempts else { throw failure }
                if let retryAfter, retryAfter > policy.maxRetryAfterSeconds {
                    var giveUp = failure
                    giveUp.error.reason += " (the server asks to retry after \(retryAfter) s, more than maxRetryAfterSeconds)"
                    throw giveUp
                }
                let wait = max(backoff(afterAttempt: attempts), .seconds(retryAfter ?? 0))
                guard clock.now + wait < deadline else { throw failure }
                Thread.sleep(forTimeInterval: Double(wait.components.seconds) + Double(wait.components.attoseconds) * 1e-18)
                attempts += 1
            }
        }
    }

    /// The URL a redirect leads to: parsed by curl, http(s) only, within `maxRedirects`.
    private static func nextHop(
        _ location: String, from label: String, redirects: Int, field: String, policy: FetchPolicy
    ) throws(FetchFailure) -> FetchURL {
        guard redirects <= policy.maxRedirects else {
            throw FetchFailure(
                .fetchFailed, field: field,
                reason: "\(label): more than maxRedirects (\(policy.maxRedirects)) redirects, the last to \(FetchURL.redact(location))")
        }
        let next: FetchURL
        do throws(FetchFailure) {
            next = try FetchURL.parse(location, field: field)
        } catch {
            throw FetchFailure(.fetchFailed, field: field, reason: "\(label): redirected to an invalid URL: \(error.error.reason)")
        }
        guard next.scheme == "http" || next.scheme == "https" else {
            throw FetchFailure(.fetchFailed, field: field, reason: "\(label): redirected to \(next.redacted); only http and https are fetched")
        }
        return next
    }

    /// 0.5 s, 1 s, 2 s … (capped at 30 s) after the 1st, 2nd, 3rd … attempt, ±20 % jitter.
    static func backoff(afterAttempt attempt: Int) -> Duration {
        let base = min(30, 0.5 * Double(1 << min(attempt - 1, 10)))
        return .milliseconds(Int(base * Double.random(in: 0.8...1.2) * 1000))
    }
}
