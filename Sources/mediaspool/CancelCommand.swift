import ArgumentParser
import Foundation
import SpoolCore

struct CancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a job: a pending one fails as cancelled; a processing one has its worker stopped, then fails as cancelled.",
        discussion: """
            Writes CANCEL into the job's folder (what `touch CANCEL` does by hand) and waits for the daemon to \
            move the job to failed/. A job in hold/, or a pending job while no daemon runs, is cancelled at once.
            """)

    @OptionGroup var spool: SpoolOptions

    @Argument(help: "The job id.")
    var id: String

    @Option(help: "Seconds to wait for the daemon to act.")
    var waitSeconds: Double = 15

    func run() throws {
        let layout = spool.layout
        guard Job.isValidID(id), let state = layout.locate(id) else { throw FailureExit.message("no job \(id) in \(layout.root)", code: 1) }
        do {
            switch state {
            case .done, .failed:
                throw FailureExit.message("\(id) has already finished (\(state.folderName)/); nothing to cancel", code: 1)
            case .hold:
                _ = try JobControl.cancelUnclaimed(id, in: .hold, layout: layout)
                print("\(id): cancelled (moved from hold/ to failed/)")
                return
            case .pending:
                // No daemon (the lock is free): nobody can claim it meanwhile, so cancel it here.
                if let lock = try? SpoolLock(layout: layout) {
                    _ = try JobControl.cancelUnclaimed(id, in: .pending, layout: layout)
                    lock.release()
                    print("\(id): cancelled (moved from pending/ to failed/)")
                    return
                }
                try JobControl.requestCancel(id, in: .pending, layout: layout)
            case .processing:
                try JobControl.requestCancel(id, in: .processing, layout: layout)
            }
        } catch let error as SpoolError {
            if error.code == .notFound {
                throw FailureExit.message("\(id) moved on while being cancelled; see `mediaspool status \(id)`", code: 1)
            }
            throw FailureExit.message(error.message, code: 1)
        }
        let deadline = Date().addingTimeInterval(waitSeconds)
        while Date() < deadline {
            if let now = layout.locate(id), now == .done || now == .failed {
                let status = StatusFile.read(from: layout.jobFolder(id, in: now))
                if status?.errorCode == JobError.Code.cancelled.rawValue {
                    print("\(id): cancelled")
                    return
                }
                throw FailureExit.message("\(id) finished before it could be cancelled (\(now.folderName)/)", code: 1)
            }
            usleep(100_000)
        }
        print("\(id): cancel requested (CANCEL written); the daemon has not acted yet — is it running?")
    }
}
