import Ledger
import Logging
import SpoolCore
import Synchronization

/// Where the HTTP view gets the ledger: from the daemon's recorder (`mediaspool run`), or
/// opened read-only by `mediaspool serve`. nil while there is none (not created yet, being
/// rebuilt): the view then answers 503 and keeps trying.
public protocol LedgerSource: Sendable {
    var ledger: Ledger? { get }
}

extension LedgerRecorder: LedgerSource {}

/// `mediaspool serve`'s ledger: opened read-only on first use, and again after a failure
/// (the daemon may create it later, or rebuild it).
public final class ReadOnlyLedgerSource: LedgerSource {
    let path: String
    let logger: Logger
    private let state = Mutex<(ledger: Ledger?, nextTry: Double)>((nil, 0))

    public init(path: String, logger: Logger) {
        self.path = path
        self.logger = logger
    }

    public var ledger: Ledger? {
        state.withLock { state in
            if let ledger = state.ledger { return ledger }
            let seconds = InboxWatcher.monotonicNow()
            guard seconds >= state.nextTry else { return nil }
            do {
                state.ledger = try Ledger(path: path, readOnly: true)
            } catch {
                state.nextTry = seconds + 2
                logger.warning("cannot open the ledger read-only; retrying", metadata: ["path": "\(path)", "error": "\(error)"])
            }
            return state.ledger
        }
    }
}
