import ArgumentParser
import Ledger
import SpoolCore

struct GCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Remove the folders of jobs that finished (done/ or failed/) longer ago than a duration; the ledger keeps their history.")

    @OptionGroup var spool: SpoolOptions

    @Option(help: ArgumentHelp("Remove jobs finished longer ago than this: 90m, 12h, 30d, 2w.", valueName: "duration"))
    var olderThan: String

    @Flag(help: "Only list what would be removed.")
    var dryRun = false

    func validate() throws {
        guard DurationText.seconds(olderThan) != nil else {
            throw ValidationError("--older-than \(olderThan): expected a duration like 30d")
        }
    }

    func run() throws {
        let layout = spool.layout
        let cutoff = Timestamp.now().adding(seconds: -DurationText.seconds(olderThan)!)
        let candidates: [JobControl.Finished]
        do {
            candidates = try JobControl.finished(before: cutoff, layout: layout)
        } catch {
            throw FailureExit.message(error.message, code: 1)
        }
        var removed: [JobChange] = []
        for job in candidates.sorted(by: { $0.finishedAt < $1.finishedAt }) {
            if dryRun {
                print("would remove \(job.state.folderName)/\(job.id) (finished \(job.finishedAt))")
                continue
            }
            do {
                try JobControl.remove(job, layout: layout)
                removed.append(JobChange(id: job.id, event: .removed, state: nil, status: nil))
            } catch {
                FileHandleStandardError.write("cannot remove \(job.state.folderName)/\(job.id): \(error.message)\n")
            }
        }
        guard !dryRun else { return }
        // The daemon would notice within half a minute; telling the ledger now keeps `list` exact.
        if !removed.isEmpty, FileOps.exists(Ledger.path(in: layout)), let ledger = try? Ledger(path: Ledger.path(in: layout)) {
            try? ledger.apply(removed)
        }
        print("removed \(removed.count) job folder(s) finished before \(cutoff)")
    }
}
