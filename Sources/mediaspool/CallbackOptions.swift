import ArgumentParser
import Callbacks
import Foundation

/// `run`'s `--callback-…` options and `$MEDIASPOOL_CALLBACK_SECRET`, turned into the one
/// ``CallbackSettings`` the daemon uses (a configuration file can fill the same struct).
struct CallbackOptions: ParsableArguments {
    static let secretVariable = "MEDIASPOOL_CALLBACK_SECRET"

    @Option(
        name: .customLong("callback-secret-file"),
        help: ArgumentHelp(
            "A file holding the secret that signs callbacks (HMAC-SHA256; a trailing newline is ignored). Default: $\(secretVariable); without either, callbacks are sent unsigned.",
            valueName: "path"))
    var secretFile: String?

    @Option(name: .customLong("callback-tries"), help: "Tries per callback, the first included.")
    var tries: Int = 8

    @Option(name: .customLong("callback-max-seconds"), help: "No callback try starts later than this after its job finished.")
    var maxSeconds: Double = 7200

    @Option(
        name: .customLong("callback-retry-seconds"),
        help: "Base of the callback backoff in seconds (doubles per failed try, ±20 %, at most 30 minutes).")
    var retrySeconds: Double = 30

    @Option(name: .customLong("callback-timeout-seconds"), help: "Time limit of one callback request (connecting: at most 10 s of it).")
    var timeoutSeconds: Double = 30

    @Option(name: .customLong("callback-concurrency"), help: "Callback requests in flight at once.")
    var concurrency: Int = 4

    func validate() throws {
        guard tries >= 1, concurrency >= 1 else { throw ValidationError("--callback-tries and --callback-concurrency must be at least 1") }
        guard maxSeconds > 0, retrySeconds > 0, timeoutSeconds > 0 else {
            throw ValidationError("--callback-max-seconds, --callback-retry-seconds and --callback-timeout-seconds must be positive")
        }
        _ = try secret()
    }

    /// The secret from `--callback-secret-file`, else from the environment; nil when neither is set.
    func secret(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [UInt8]? {
        if let secretFile {
            guard let data = FileManager.default.contents(atPath: secretFile) else {
                throw ValidationError("--callback-secret-file \(secretFile): cannot read the file")
            }
            let secret = Self.trimmed(Array(data))
            guard !secret.isEmpty else { throw ValidationError("--callback-secret-file \(secretFile): the file is empty") }
            return secret
        }
        guard let text = environment[Self.secretVariable], !text.isEmpty else { return nil }
        return Self.trimmed(Array(text.utf8))
    }

    func settings(allowedHosts: [String]) throws -> CallbackSettings {
        var settings = CallbackSettings(secret: try secret(), allowedHosts: allowedHosts)
        settings.maxTries = tries
        settings.maxTotalSeconds = maxSeconds
        settings.retryBaseSeconds = retrySeconds
        settings.retryMaxSeconds = max(retrySeconds, 1800)
        settings.requestTimeoutSeconds = timeoutSeconds
        settings.connectTimeoutSeconds = min(10, timeoutSeconds)
        settings.concurrency = concurrency
        return settings
    }

    /// Without the trailing newline (and spaces) that `echo secret > file` leaves.
    private static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        while let last = bytes.last, last == 10 || last == 13 || last == 32 || last == 9 { bytes.removeLast() }
        return bytes
    }
}
