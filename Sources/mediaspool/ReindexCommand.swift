import ArgumentParser
import Ledger
import SpoolCore

struct ReindexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Rebuild the ledger's job rows from the folders (the truth); creates the ledger when it is missing.",
        discussion: "Safe while the daemon runs. History of jobs whose folders are gone is kept; a corrupt ledger is moved aside first.")

    @OptionGroup var spool: SpoolOptions
    @OptionGroup var log: LogOptions

    func run() throws {
        let layout = spool.layout
        let logger = log.makeLogger()
        do {
            try layout.validate()
        } catch {
            throw FailureExit.message(error.message, code: 1)
        }
        let path = Ledger.path(in: layout)
        let existed = FileOps.exists(path)
        let ledger: Ledger
        do {
            ledger = try Ledger(path: path)
        } catch {
            let aside = path + ".corrupt-\(Timestamp.now().microseconds)"
            logger.error("the ledger cannot be opened; moving it aside", metadata: ["aside": "\(aside)", "error": "\(error)"])
            for suffix in ["-wal", "-shm"] { try? FileOps.remove(path + suffix) }
            try? FileOps.renameNoReplace(path, aside)
            ledger = try Ledger(path: path)
        }
        let tally = try Reindexer(layout: layout, validator: spool.validator, logger: logger).run(
            into: ledger, depth: .full, recordEvents: existed)
        try ledger.checkpoint()
        print(
            "reindexed \(path): \(tally.scanned) job folders read, \(tally.updated) rows written, \(tally.removed) marked removed"
                + (tally.unreadable > 0 ? ", \(tally.unreadable) without a readable status.json" : ""))
    }
}
