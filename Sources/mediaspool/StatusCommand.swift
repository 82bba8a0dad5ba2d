import ArgumentParser
import Foundation
import Ledger
import SpoolCore
import Worker

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show a job's status (exit 1 when there is no such job).")

    @OptionGroup var spool: SpoolOptions
    @OptionGroup var secret: CapabilitySecretOptions

    @Argument(help: "The job id (or the folder name of a rejected drop).")
    var id: String

    @Flag(help: "Print status.json as it is.")
    var json = false

    func run() throws {
        let layout = spool.layout
        guard Job.isValidID(id), let state = layout.locate(id) else {
            if Job.isValidID(id), FileOps.exists(layout.inbox + "/" + id + ".json") {
                print("\(id): waiting in inbox/ (not taken in yet; is the daemon running?)")
                return
            }
            if Job.isValidID(id), (try? FileOps.info(layout.inbox + "/" + id))??.kind == .directory {
                print("\(id): its folder is in inbox/, to be retried (not taken back yet; is the daemon running?)")
                return
            }
            let rejected = ((try? FileOps.list(layout.folder(.failed))) ?? []).filter {
                $0.hasPrefix(InboxName.rejectedBase(id + ".json") + ".rejected")
            }.sorted()
            var message = "no job \(id) in \(layout.root)"
            if !rejected.isEmpty { message += "; rejected drops of that name: " + rejected.map { "failed/\($0)" }.joined(separator: ", ") }
            throw FailureExit.message(message, code: 1)
        }
        let folder = layout.jobFolder(id, in: state)
        if json {
            let bytes = (try? FileOps.readRegularFile(folder + "/" + StatusFile.name, maxBytes: 4 << 20).bytes) ?? []
            print(String(decoding: bytes, as: UTF8.self), terminator: "")
            return
        }
        guard let status = StatusFile.read(from: folder) else {
            print("\(id): in \(state.folderName)/, status.json unreadable")
            return
        }
        var report = StatusReport.render(status, state: state, folder: folder)
        if let callback = callbackLine(folder: folder, state: state, layout: layout) { report += "\n  callback   " + callback }
        // With a capability secret configured, the URL to hand to whoever may see the job.
        if let keys = try secret.keys() { report += "\n  " + "url".padding(toLength: 11, withPad: " ", startingAt: 0) + keys.path(for: id) }
        print(report)
    }

    /// How the job's callback went, from the ledger's record of tries (nothing when the ledger
    /// cannot be read: the rest of the status does not depend on it).
    private func callbackLine(folder: String, state: JobState, layout: SpoolLayout) -> String? {
        let attempts: [CallbackAttempt] =
            FileOps.exists(Ledger.path(in: layout))
            ? ((try? Ledger(path: Ledger.path(in: layout), readOnly: true).callbackAttempts(of: id)) ?? []) : []
        return CallbackSummary.render(
            attempts, requested: CallbackMarker.requestedURL(in: folder).map(HTTPPost.redacted),
            finished: state == .done || state == .failed)
    }
}
