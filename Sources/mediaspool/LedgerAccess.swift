import Ledger
import SpoolCore

/// How client commands open the ledger: read-only, with an error that says what to do.
enum LedgerAccess {
    static func readOnly(_ layout: SpoolLayout) throws -> Ledger {
        let path = Ledger.path(in: layout)
        guard FileOps.exists(path) else {
            throw FailureExit.message(
                "\(path) does not exist yet: start the daemon (`mediaspool run`) or build it with `mediaspool reindex`", code: 1)
        }
        do {
            return try Ledger(path: path, readOnly: true)
        } catch {
            throw FailureExit.message("cannot read the ledger \(path): \(error); `mediaspool reindex` rebuilds it", code: 1)
        }
    }
}
