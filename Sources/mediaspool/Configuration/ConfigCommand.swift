import ArgumentParser
import Foundation
import HTTPView

/// `mediaspool config`: the daemon's effective settings, each with its origin, after the same
/// validation the daemon does at start.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the effective configuration of `run` (or `serve`): every setting, its value and where it came from.",
        discussion: """
            Settings come from flags, then MEDIASPOOL_* environment variables, then the configuration \
            file, then the defaults. Flags given after `config` count as the daemon's own \
            (`mediaspool config --workers 4`). The settings are validated as the daemon validates them \
            at start; an error names the key and where it was set. With --json, prints a configuration \
            file that sets them all.
            """)

    @OptionGroup var file: ConfigFileOption

    @Option(name: .customLong("for"), help: ArgumentHelp("The command whose settings to print: run or serve.", valueName: "command"))
    var target: String = "run"

    @Flag(help: "Print the settings as a JSON configuration file.")
    var json = false

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Flags of the command, as it would be given them.", valueName: "flags"))
    var flags: [String] = []

    func validate() throws {
        guard SettingsCatalogue.daemonCommands.contains(target) else { throw ValidationError("--for \(target): expected run or serve") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let given = (file.path.map { ["--\(ConfigFileOption.key)", $0] } ?? []) + flags
        let layered: LayeredArguments
        do {
            layered = try LayeredArguments(command: target, arguments: given, environment: environment)
        } catch {
            throw FailureExit.message("mediaspool: \(error.description)", code: ConfigurationError.exitCode)
        }
        try Self.validate(layered)
        if json {
            print(ConfigurationRendering.json(layered))
        } else {
            print(ConfigurationRendering.table(layered, environment: environment), terminator: "")
        }
    }

    /// Parses the layered words as the target command would, so every value is checked by the
    /// code that will use it, and reads the HTTP view's secrets as it would at start.
    private static func validate(_ layered: LayeredArguments) throws {
        let command: any ParsableCommand.Type = layered.command == "serve" ? ServeCommand.self : RunCommand.self
        let parsed: any ParsableCommand
        do {
            parsed = try command.parseAsRoot(layered.arguments)
        } catch {
            var message = command.message(for: error)
            if let note = layered.provenance(of: message) { message += "\n" + note }
            throw FailureExit.message("mediaspool \(layered.command): \(message)", code: command.exitCode(for: error).rawValue)
        }
        let http = (parsed as? ServeCommand)?.http ?? (parsed as? RunCommand).flatMap { $0.noHTTP ? nil : $0.http }
        if let problem = http?.secretProblem() {
            throw FailureExit.message("mediaspool \(layered.command): \(problem)", code: 1)
        }
    }
}
