import ArgumentParser

/// `--config FILE`, accepted by every command that reads settings. The file is read before
/// ArgumentParser runs (see ``LayeredArguments``); the option is declared so help shows it.
struct ConfigFileOption: ParsableArguments {
    static let key = "config"

    @Option(
        name: .customLong(Self.key),
        help: ArgumentHelp(
            "A JSON file of settings (default: $\(ConfigurationFile.pathVariable), else \(ConfigurationFile.defaultPath) if it exists); "
                + "flags and MEDIASPOOL_* variables override it.",
            valueName: "file"))
    var path: String?
}
