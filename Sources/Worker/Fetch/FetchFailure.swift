import SpoolCore

/// Why a fetch failed: the ``JobError`` to report (its field is the job field that named the
/// URL), and whether the daemon may retry the job later.
///
/// ``URLFetcher`` throws this rather than a bare `JobError` because `JobError` has no notion
/// of transience: the runner reports `.failed(failure.error, transient: failure.isTransient)`.
/// Transient: connection failures, timeouts, HTTP 5xx, 408 and 429, local write errors.
/// Permanent: hosts not allowed, other HTTP 4xx, too large, too many redirects, bad URLs.
public struct FetchFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var error: JobError
    public var isTransient: Bool

    public init(_ error: JobError, isTransient: Bool) {
        self.error = error
        self.isTransient = isTransient
    }

    init(_ code: JobError.Code, field: String, reason: String, isTransient: Bool = false) {
        self.init(JobError(code, field: field, reason: reason), isTransient: isTransient)
    }

    public var description: String { error.message + (isTransient ? " (transient)" : "") }
}
