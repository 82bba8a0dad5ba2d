import HTTPView
import Hummingbird
import Ledger
import Logging
import SpoolCore

/// The whole HTTP view, as `mediaspool serve` runs it, over a ``FileSpool`` whose jobs are in a
/// ledger beside it, listening on 127.0.0.1 on a port the kernel picks, for the duration of `body`.
enum ViewServer {
    struct FixedLedger: LedgerSource {
        let ledger: Ledger?
    }

    static func with<T: Sendable>(access: HTTPAccess, _ body: @Sendable (Int) async throws -> T) async throws -> T {
        let spool = try FileSpool()
        defer { withExtendedLifetime(spool) {} }
        let ledger = try Ledger(path: Ledger.path(in: spool.layout))
        for (id, state) in [("job1", JobState.done), ("job2", .failed), ("job3", .processing), ("job4", .pending), ("job5", .hold)] {
            guard let status = StatusFile.read(from: spool.layout.jobFolder(id, in: state)) else {
                throw RawConnection.Failure(description: "fixture: no status.json for \(id)")
            }
            try ledger.apply([JobChange(id: id, event: .changed, state: state, status: status)])
        }
        var logger = Logger(label: "httpview-tests")
        logger.logLevel = .warning
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = HTTPView.makeApplication(
            layout: spool.layout, source: FixedLedger(ledger: ledger), vitals: nil,
            configuration: HTTPViewConfiguration(host: "127.0.0.1", port: 0, access: access), logger: logger
        ) { port in
            continuation.yield(port)
            continuation.finish()
        }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                group.cancelAll()
                throw RawConnection.Failure(description: "the server did not start")
            }
            defer { group.cancelAll() }
            return try await body(port)
        }
    }
}
