import ArgumentParser
import SpoolCore

struct RetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry", abstract: "Move a failed job back to pending/ with fresh attempts (the daemon picks it up within a second).")

    @OptionGroup var spool: SpoolOptions

    @Argument(help: "The id of a job in failed/.")
    var id: String

    func run() throws {
        guard Job.isValidID(id) else { throw FailureExit.message("\(id) is not a job id", code: 1) }
        do {
            let status = try JobControl.retry(id, layout: spool.layout, validator: spool.validator)
            print("\(id): moved to pending/ for \(status.maxAttempts) new attempt(s)")
        } catch {
            throw FailureExit.message(error.message, code: 1)
        }
    }
}
