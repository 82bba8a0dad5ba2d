import ArgumentParser
import SpoolCore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate job files and print each problem with its field path (exit 1 if any is invalid).")

    @OptionGroup var spool: SpoolOptions

    @Argument(help: "Job files to check.")
    var files: [String]

    func run() throws {
        var invalid = 0
        for file in files {
            switch JobFileReader.validate(file, with: spool.validator) {
            case .success(let job):
                print("\(file): ok (id \(job.id), kind \(job.kind.rawValue))")
            case .failure(let rejection):
                invalid += 1
                for problem in rejection.problems {
                    print("\(file): \(problem.message) [\(problem.code)]")
                }
            }
        }
        if invalid > 0 { throw ExitCode(1) }
    }
}

/// Reads and validates a job file from anywhere, the way the daemon would from the inbox.
enum JobFileReader {
    static func validate(_ file: String, with validator: JobValidator) -> Result<Job, JobRejection> {
        let path = SpoolOptions.absolute(file)
        let name = String(path.split(separator: "/").last ?? "")
        guard InboxName.isCandidate(name) else {
            return .failure(
                JobRejection([JobError(.invalidField, field: nil, reason: "job files are named *.json and do not start with a dot")]))
        }
        do {
            let (bytes, _) = try FileOps.readRegularFile(path, maxBytes: JobValidator.maxFileBytes)
            return validator.validate(bytes: bytes, defaultID: InboxName.stem(name))
        } catch {
            return .failure(JobRejection([JobError(.notRegularFile, field: nil, reason: error.message)]))
        }
    }
}
