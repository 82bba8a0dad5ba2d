import ArgumentParser
import Foundation
import WorkerCommand

@main
struct Mediaspool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mediaspool",
        abstract: "Turns audio dropped into a spool folder into publishable exports.",
        discussion: """
            Clients drop JSON job files into <spool>/inbox/; the daemon (`mediaspool run`) moves each job \
            through pending/, processing/, done/ or failed/, writing a status.json beside its outputs.
            Settings come from flags, then MEDIASPOOL_* environment variables, then a JSON configuration \
            file (--config, $MEDIASPOOL_CONFIG, else /etc/mediaspool/mediaspool.json if it exists); \
            `mediaspool config` prints them.
            """,
        subcommands: [
            InitCommand.self, RunCommand.self, SubmitCommand.self, StatusCommand.self, URLCommand.self,
            ServeCommand.self, ListCommand.self, RetryCommand.self, CancelCommand.self, StatsCommand.self, GCCommand.self,
            ReindexCommand.self, CheckCommand.self, SchemaCommand.self, ConfigCommand.self, WorkCommand.self,
        ])

    /// Folds the configuration file and the environment into the command's arguments before
    /// ArgumentParser parses them, and says where a rejected value came from.
    static func main() async {
        let words = Array(CommandLine.arguments.dropFirst())
        guard let command = words.first, takesSettings(command), !words.contains(where: helpWords.contains) else {
            await main(words)
            return
        }
        let layered: LayeredArguments
        do {
            layered = try LayeredArguments(
                command: command, arguments: Array(words.dropFirst()), environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandleStandardError.write("mediaspool \(command): \(error.description)\n")
            Foundation.exit(ConfigurationError.exitCode)
        }
        await LayeredArguments.$current.withValue(layered) {
            await run([command] + layered.arguments, layered: layered)
        }
    }

    private static let helpWords: Set<String> = ["-h", "--help", "--experimental-dump-help", "--version"]

    /// Commands that accept settings; `config` layers them itself, for the command it describes.
    private static func takesSettings(_ command: String) -> Bool {
        command != ConfigCommand.configuration.commandName && !SettingsCatalogue.shared.keys(of: command).isEmpty
    }

    /// ArgumentParser's own `main`, with a note on a rejected setting's origin.
    private static func run(_ words: [String], layered: LayeredArguments) async {
        do {
            var command = try parseAsRoot(words)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            guard code != .success, let note = layered.provenance(of: message(for: error)) else { exit(withError: error) }
            FileHandleStandardError.write(fullMessage(for: error) + "\n" + note + "\n")
            Foundation.exit(code.rawValue)
        }
    }
}
