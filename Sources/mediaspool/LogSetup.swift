import ArgumentParser
import Logging

/// `--log-level`, and the one-time logging bootstrap (stderr; the journal under systemd).
struct LogOptions: ParsableArguments {
    @Option(name: .long, help: "How much to log.")
    var logLevel: Logger.Level = .info

    func makeLogger(label: String = "mediaspool") -> Logger {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: label)
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
