import ArgumentParser
import HTTPView
import SpoolCore

struct URLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "url",
        abstract: "Print a job's capability URL (for `--http-access capability`), to hand to whoever may see the job.",
        discussion: """
            The URL is derived from the job id and the capability secret alone, so it can be printed before the job is \
            dropped; anyone who has it sees that job, its events and its outputs, and nothing else. A new secret \
            makes every earlier URL useless.
            """)

    @OptionGroup var secret: CapabilitySecretOptions
    @OptionGroup var configFile: ConfigFileOption

    @Option(help: ArgumentHelp("Put this before the path, e.g. https://media.example.com (default: the path alone).", valueName: "url"))
    var baseURL: String?

    @Argument(help: "The job id.")
    var id: String

    func validate() throws {
        guard Job.isValidID(id) else { throw ValidationError("\(id) is not a job id ([A-Za-z0-9][A-Za-z0-9._-]{0,127})") }
    }

    func run() throws {
        guard let keys = try secret.keys() else {
            throw FailureExit.message(
                "no capability secret: give --http-capability-secret-file FILE or set $\(HTTPAccessSettings.capabilitySecretVariable)",
                code: 1)
        }
        var base = baseURL ?? ""
        while base.hasSuffix("/") { base.removeLast() }
        print(base + keys.path(for: id))
    }
}
