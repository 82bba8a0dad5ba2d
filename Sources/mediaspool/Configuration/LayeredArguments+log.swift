import Logging

extension LayeredArguments {
    /// One line at start naming the configuration file and the settings it and the environment gave.
    func log(to logger: Logger) {
        let fromFile = entries.filter { if case .file = $0.origin { true } else { false } }.map(\.setting.key)
        let fromEnvironment = entries.filter { if case .environment = $0.origin { true } else { false } }.map(\.setting.key)
        var metadata: Logger.Metadata = ["config.file": "\(file ?? "none")"]
        if !fromFile.isEmpty { metadata["config.from_file"] = "\(fromFile.joined(separator: ","))" }
        if !fromEnvironment.isEmpty { metadata["config.from_environment"] = "\(fromEnvironment.joined(separator: ","))" }
        logger.info("settings", metadata: metadata)
    }
}
