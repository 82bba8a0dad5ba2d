import ArgumentParser
import Foundation
import SpoolCore

#if canImport(Glibc)
    import Glibc
#endif

struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Drop job files into the spool's inbox atomically (write a hidden temporary name, then rename it in).",
        discussion: "Each file is validated first; invalid files are not dropped. With --wait, exits 0 only when every job completed.")

    @OptionGroup var spool: SpoolOptions

    @Argument(help: "Job files (*.json).")
    var files: [String]

    @Flag(help: "Wait until every job has completed or failed, showing progress.")
    var wait = false

    @Option(help: "With --wait: give up after this many seconds (exit 2).")
    var timeout: Double?

    func run() async throws {
        let layout = spool.layout
        try? layout.validate()
        guard FileOps.exists(layout.inbox) else {
            throw ValidationError("\(layout.inbox) does not exist; run `mediaspool init --spool \(layout.root)` first")
        }
        var dropped: [DroppedJob] = []
        var invalid = false
        for file in files {
            let results = JobFileReader.validate(file, with: spool.validator)
            var jobs: [Job] = []
            for (label, result) in results {
                switch result {
                case .failure(let rejection):
                    invalid = true
                    for problem in rejection.problems { FileHandleStandardError.write("\(label): \(problem.message) [\(problem.code)]\n") }
                case .success(let job):
                    jobs.append(job)
                }
            }
            // A batch is dropped whole when some elements are valid: the daemon fails the others, each with its reason.
            guard !jobs.isEmpty else { continue }
            do {
                let droppedAt = Timestamp.now()
                let name = try drop(file, into: layout)
                for job in jobs {
                    dropped.append(DroppedJob(id: job.id, inboxName: name, droppedAt: droppedAt))
                    print("submitted \(job.id) as inbox/\(name)")
                }
            } catch {
                invalid = true
                FileHandleStandardError.write("\(file): \(error)\n")
            }
        }
        if wait && !dropped.isEmpty {
            let waiter = JobWaiter(layout: layout, jobs: dropped, timeout: timeout)
            let code = await waiter.run()
            if code != 0 { throw ExitCode(code) }
        }
        if invalid { throw ExitCode(1) }
    }

    /// Writes `.<name>.<pid>.tmp` in the inbox, fsyncs it, renames it to `<name>` without
    /// replacing anything, and fsyncs the inbox.
    private func drop(_ file: String, into layout: SpoolLayout) throws -> String {
        let path = SpoolOptions.absolute(file)
        let name = String(path.split(separator: "/").last!)
        let (bytes, _) = try FileOps.readRegularFile(path, maxBytes: JobValidator.maxFileBytes)
        let temporary = layout.inbox + "/.\(name).\(getpid()).tmp"
        try FileOps.writeFile(temporary, bytes, sync: true)
        do {
            try FileOps.renameNoReplace(temporary, layout.inbox + "/" + name)
        } catch {
            try? FileOps.remove(temporary)
            if error.code == .alreadyExists {
                throw SpoolError(.alreadyExists, "inbox/\(name) is already waiting to be taken in; wait for it or rename this file")
            }
            throw error
        }
        try FileOps.syncDirectory(layout.inbox)
        return name
    }
}

struct DroppedJob: Sendable {
    var id: String
    var inboxName: String
    var droppedAt: Timestamp
}
