import ArgumentParser
import Foundation
import Ledger
import SpoolCore

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Counts per state, and per kind the failure rate, throughput and realtime factor (from the ledger)."
    )

    @OptionGroup var spool: SpoolOptions

    @Option(help: ArgumentHelp("The window of finished jobs to measure: 1h, 24h, 7d …", valueName: "duration"))
    var window: String = "24h"

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard let seconds = DurationText.seconds(window), seconds > 0 else {
            throw ValidationError("--window \(window): expected a duration like 24h")
        }
    }

    func run() throws {
        let ledger = try LedgerAccess.readOnly(spool.layout)
        let stats = try ledger.statistics(windowSeconds: DurationText.seconds(window)!)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(stats), as: UTF8.self))
            return
        }
        let states = (JobState.allCases.map(\.rawValue) + [JobRow.removedState]).map { "\($0) \(stats.states[$0] ?? 0)" }
        print("jobs now: " + states.joined(separator: ", "))
        print("finished in the last \(window) (since \(stats.since)):")
        if stats.kinds.isEmpty { print("  nothing") }
        for kind in stats.kinds {
            let rate = kind.failureRate.map { String(format: "%.1f%%", $0 * 100) } ?? "-"
            let realtime = kind.meanRealtimeFactor.map { String(format: "%.1f× realtime", $0) } ?? "-"
            let work = kind.meanWorkSeconds.map { String(format: "%.2f s", $0) } ?? "-"
            print(
                "  \(kind.kind): \(kind.completed) completed, \(kind.failed) failed (failure rate \(rate)), "
                    + String(format: "%.1f jobs/h, %.1f min of input, ", kind.jobsPerHour, kind.inputSeconds / 60)
                    + "mean \(realtime), mean work \(work)")
        }
        print("  rejected drops: \(stats.rejected), cancelled: \(stats.cancelled)")
    }
}
