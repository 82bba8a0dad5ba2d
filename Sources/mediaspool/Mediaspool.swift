import ArgumentParser

@main
struct Mediaspool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mediaspool",
        abstract: "Turns audio dropped into a spool folder into publishable exports.",
        discussion: """
            Clients drop JSON job files into <spool>/inbox/; the daemon (`mediaspool run`) moves each job \
            through pending/, processing/, done/ or failed/, writing a status.json beside its outputs.
            """,
        subcommands: [
            InitCommand.self, RunCommand.self, SubmitCommand.self, StatusCommand.self, URLCommand.self,
            ServeCommand.self, ListCommand.self, RetryCommand.self, CancelCommand.self, StatsCommand.self, GCCommand.self,
            ReindexCommand.self, CheckCommand.self, SchemaCommand.self, WorkCommand.self,
        ])
}
