import Foundation

/// A command's arguments with the configuration file and the environment folded in: flags
/// win over `MEDIASPOOL_*` variables, which win over the file, which wins over the defaults.
/// The result is plain command-line words, so ArgumentParser validates every setting the same
/// way, wherever it came from.
struct LayeredArguments: Sendable {
    enum Origin: Sendable, Equatable {
        case flag
        case environment(variable: String)
        case file(path: String)
        case builtIn
    }

    struct Entry: Sendable {
        let setting: Setting
        /// The values in force; nil when unset with no default.
        let values: [String]?
        let origin: Origin
    }

    let command: String
    /// The configuration file read, if any.
    let file: String?
    /// The command's settings in the order of its help.
    let entries: [Entry]
    /// The words ArgumentParser parses after the command's name.
    let arguments: [String]

    /// The layers the running command was started with (for its start-up log line).
    @TaskLocal static var current: LayeredArguments?

    init(
        command: String, arguments given: [String], environment: [String: String],
        catalogue: SettingsCatalogue = .shared
    ) throws(ConfigurationError) {
        let flags = Self.commandLineValues(given, catalogue: catalogue)
        let path = ConfigurationFile.path(option: flags[ConfigFileOption.key]?.last, environment: environment)
        let fileValues =
            try path.map { path throws(ConfigurationError) in try ConfigurationFile(path: path, catalogue: catalogue).values } ?? [:]
        var entries: [Entry] = []
        var layered: [String] = []
        for key in catalogue.keys(of: command) {
            guard let setting = catalogue.settings[key] else { continue }
            let entry: Entry
            if let values = flags[key] {
                entry = Entry(setting: setting, values: values, origin: .flag)
            } else if let values = try Self.environmentValues(of: setting, in: environment) {
                entry = Entry(setting: setting, values: values, origin: .environment(variable: setting.environmentVariable))
                layered += setting.arguments(for: values)
            } else if let values = fileValues[key], let path {
                entry = Entry(setting: setting, values: values, origin: .file(path: path))
                layered += setting.arguments(for: values)
            } else {
                let values = setting.shape == .flag ? ["false"] : setting.shape == .list ? [] : setting.defaultValue.map { [$0] }
                entry = Entry(setting: setting, values: values, origin: .builtIn)
            }
            entries.append(entry)
        }
        self.command = command
        self.file = path
        self.entries = entries
        arguments = layered + given
    }

    /// Lines saying where the options a parse or validation message names came from, when not
    /// from the command line: `--workers came from "workers" in /etc/mediaspool/mediaspool.json`.
    func provenance(of message: String) -> String? {
        let lines = entries.compactMap { entry -> String? in
            guard Self.mentions(message, entry.setting.option) else { return nil }
            switch entry.origin {
            case .environment(let variable): return "(\(entry.setting.option) came from $\(variable))"
            case .file(let path): return "(\(entry.setting.option) came from \"\(entry.setting.key)\" in \(path))"
            case .flag, .builtIn: return nil
            }
        }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    /// The values the command line gives each setting (and `--config`), read as ArgumentParser
    /// will: `--key value` or `--key=value`, flags by their presence, nothing after `--`.
    static func commandLineValues(_ words: [String], catalogue: SettingsCatalogue) -> [String: [String]] {
        var values: [String: [String]] = [:]
        var index = 0
        while index < words.count, words[index] != "--" {
            let word = words[index]
            index += 1
            guard word.hasPrefix("--") else { continue }
            let body = word.dropFirst(2)
            let key = String(body.prefix { $0 != "=" })
            let shape: Setting.Shape? = key == ConfigFileOption.key ? .value : catalogue.settings[key]?.shape
            guard let shape else { continue }
            if shape == .flag {
                values[key] = ["true"]
            } else {
                let value: String
                if let equals = body.firstIndex(of: "=") {
                    value = String(body[body.index(after: equals)...])
                } else if index < words.count {
                    value = words[index]
                    index += 1
                } else {
                    continue
                }
                // A repeated single-value option: ArgumentParser keeps the last.
                values[key] = shape == .list ? values[key, default: []] + [value] : [value]
            }
        }
        return values
    }

    /// `MEDIASPOOL_WORKERS=4`; lists separated by commas; flags as true/false, 1/0, yes/no, on/off.
    /// An empty variable counts as unset (except for a list, where it means none).
    private static func environmentValues(of setting: Setting, in environment: [String: String]) throws(ConfigurationError) -> [String]? {
        guard let text = environment[setting.environmentVariable] else { return nil }
        switch setting.shape {
        case .flag:
            switch text.lowercased() {
            case "1", "true", "yes", "on": return ["true"]
            case "0", "false", "no", "off": return ["false"]
            case "": return nil
            default:
                throw ConfigurationError("$\(setting.environmentVariable)=\(text): expected true or false (1 or 0, yes or no, on or off)")
            }
        case .value:
            return text.isEmpty ? nil : [text]
        case .list:
            return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    /// Whether `message` names `option` itself, not a longer option it begins (`--retry-seconds` for `--retry`).
    private static func mentions(_ message: String, _ option: String) -> Bool {
        var rest = message[...]
        while let range = rest.range(of: option) {
            let next = rest[range.upperBound...].first
            if next == nil || !(next!.isLetter || next!.isNumber || next! == "-") { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }
}
