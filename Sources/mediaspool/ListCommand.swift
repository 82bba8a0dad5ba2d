import ArgumentParser
import Foundation
import Ledger
import SpoolCore

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List jobs from the ledger, newest first (a table, or --json).")

    @OptionGroup var spool: SpoolOptions

    @Option(help: "Only jobs in this state: pending, processing, done, failed, hold, removed.")
    var state: String?

    @Option(help: "Only jobs of this kind.")
    var kind: String?

    @Option(help: "Only jobs of this userId.")
    var user: String?

    @Option(help: "Only the jobs of this batch (a job file holding an array; its id is the file name without .json).")
    var batch: String?

    @Option(help: "Only jobs created since this time: ISO 8601 (2026-11-23T08:00:00Z) or a duration back (12h, 7d).")
    var since: String?

    @Option(help: "At most this many jobs (1–1000).")
    var limit: Int = 50

    @Option(help: "Continue after this cursor (printed below a full page).")
    var cursor: String?

    @Flag(help: "Print {\"jobs\": [...], \"nextCursor\": ...} with each job's status.json and state.")
    var json = false

    func validate() throws {
        if let state, !(JobState.allCases.map(\.rawValue) + [JobRow.removedState]).contains(state) {
            throw ValidationError("--state must be one of pending, processing, done, failed, hold, removed")
        }
        if let kind, JobKind(name: kind) == nil {
            throw ValidationError("--kind must be one of \(JobKind.acceptedNames.joined(separator: ", "))")
        }
        if let since, DurationText.since(since) == nil {
            throw ValidationError("--since \(since): expected an ISO 8601 time or a duration like 12h")
        }
        guard (1...JobFilter.maxLimit).contains(limit) else { throw ValidationError("--limit must be from 1 to \(JobFilter.maxLimit)") }
        if let cursor, JobCursor(token: cursor) == nil { throw ValidationError("--cursor is not one `list` printed") }
    }

    func run() throws {
        let ledger = try LedgerAccess.readOnly(spool.layout)
        let filter = JobFilter(
            state: state, kind: kind.flatMap(JobKind.init(name:))?.rawValue, userId: user, batchId: batch,
            since: since.flatMap(DurationText.since),
            limit: limit, cursor: cursor.flatMap(JobCursor.init(token:)))
        let page = try ledger.jobs(filter)
        if json {
            let items = page.rows.map(\.itemJSON).joined(separator: ",\n  ")
            let next = page.nextCursor.map { "\"\($0.token)\"" } ?? "null"
            print("{\"jobs\": [\n  \(items)\n], \"nextCursor\": \(next)}")
            return
        }
        print(JobTable.render(page.rows))
        if let next = page.nextCursor { print("more: mediaspool list --cursor \(next.token)") }
    }
}
