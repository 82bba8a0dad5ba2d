import ArgumentParser
import Foundation
import Logging
import SpoolCore

/// `--log-level`, and the one-time logging bootstrap: native journal entries when stderr is
/// the journal's stream (under systemd), plain lines on stderr otherwise.
struct LogOptions: ParsableArguments {
    @Option(name: .long, help: "How much to log.")
    var logLevel: Logger.Level = .info

    /// Where journal entries go; `$MEDIASPOOL_JOURNAL_SOCKET` replaces journald's socket in tests.
    static var journalSocketPath: String {
        ProcessInfo.processInfo.environment["MEDIASPOOL_JOURNAL_SOCKET"] ?? JournalLogHandler.defaultSocketPath
    }

    func makeLogger(label: String = "mediaspool") -> Logger {
        let level = logLevel
        if JournalStream.isStandardError(), var journal = try? JournalLogHandler(label: label, socketPath: Self.journalSocketPath) {
            journal.logLevel = level
            LoggingSystem.bootstrap { [journal] label in journal.labeled(label) }
        } else {
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        return Logger(label: label)
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
