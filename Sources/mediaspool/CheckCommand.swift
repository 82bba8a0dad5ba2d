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
            for (label, result) in JobFileReader.validate(file, with: spool.validator) {
                switch result {
                case .success(let job):
                    print("\(label): ok (id \(job.id), kind \(job.kind.rawValue))")
                case .failure(let rejection):
                    invalid += 1
                    for problem in rejection.problems {
                        print("\(label): \(problem.message) [\(problem.code)]")
                    }
                }
            }
        }
        if invalid > 0 { throw ExitCode(1) }
    }
}

/// Reads and validates a job file from anywhere, the way the daemon would from the inbox: one
/// result for a job, one per element (labelled `file[n]`, from 1) for a batch.
enum JobFileReader {
    static func validate(_ file: String, with validator: JobValidator) -> [(label: String, result: Result<Job, JobRejection>)] {
        let path = SpoolOptions.absolute(file)
        let name = String(path.split(separator: "/").last ?? "")
        guard InboxName.isCandidate(name) else {
            return [
                (
                    file,
                    .failure(
                        JobRejection([JobError(.invalidField, field: nil, reason: "job files are named *.json and do not start with a dot")]
                        ))
                )
            ]
        }
        do {
            let (bytes, _) = try FileOps.readRegularFile(path, maxBytes: JobValidator.maxFileBytes)
            switch validator.validateFile(bytes: bytes, stem: InboxName.stem(name)) {
            case .single(let result): return [(file, result)]
            case .batch(let elements): return elements.map { ("\(file)[\($0.index)]", $0.result) }
            }
        } catch {
            return [(file, .failure(JobRejection([JobError(.notRegularFile, field: nil, reason: error.message)])))]
        }
    }
}
