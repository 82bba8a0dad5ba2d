import ArgumentParser
import Foundation

/// One setting a configuration file or an environment variable may give: a long option of
/// `run` or `serve`, under the option's own name (`workers`, `allow-host`, `http-access`).
struct Setting: Sendable {
    enum Shape: Sendable {
        /// `--poll`: on or off.
        case flag
        /// `--workers 4`: one value.
        case value
        /// `--allow-host a --allow-host b`: any number of values.
        case list
    }

    let key: String
    let shape: Shape
    /// As the command's help shows it; nil when the option has none (`--spool`, `--http-access`).
    let defaultValue: String?

    var option: String { "--" + key }

    /// `MEDIASPOOL_` and the key in capitals, dashes as underscores: `MEDIASPOOL_ALLOW_HOST`.
    var environmentVariable: String { "MEDIASPOOL_" + key.uppercased().replacingOccurrences(of: "-", with: "_") }

    /// The command-line words that give `values` (`--key=value`, so a value may start with a dash).
    func arguments(for values: [String]) -> [String] {
        switch shape {
        case .flag: values == ["true"] ? [option] : []
        case .value, .list: values.map { "\(option)=\($0)" }
        }
    }
}

/// The settings, read off the commands' own option declarations (ArgumentParser's help dump),
/// so that a configuration file, the environment and the flags can never drift apart.
struct SettingsCatalogue: Sendable {
    /// The commands whose options are settings: the daemon and the HTTP view.
    static let daemonCommands = ["run", "serve"]

    /// Every setting by key.
    let settings: [String: Setting]
    /// The keys each command accepts, in the order of its help.
    let keysByCommand: [String: [String]]

    func keys(of command: String) -> [String] { keysByCommand[command] ?? [] }

    /// The known key nearest to a misspelt one, if any is close.
    func suggestion(for key: String) -> String? {
        var best: (key: String, distance: Int)?
        for candidate in settings.keys.sorted() {
            let distance = Self.editDistance(candidate, key)
            if distance < best?.distance ?? Int.max { best = (candidate, distance) }
        }
        guard let best, best.distance <= max(2, key.count / 4) else { return nil }
        return best.key
    }

    static let shared = SettingsCatalogue(help: Mediaspool._dumpHelp())

    /// From the JSON that `mediaspool --experimental-dump-help` prints (ArgumentParser's
    /// `ToolInfoV0`; its types are not a product of the package, so the fields used are decoded here).
    init(help json: String) {
        struct Dump: Decodable { let command: Command }
        struct Command: Decodable {
            let commandName: String
            let shouldDisplay: Bool?
            let subcommands: [Command]?
            let arguments: [Argument]?
        }
        struct Argument: Decodable {
            struct Name: Decodable { let kind: String, name: String }
            let kind: String
            let isRepeating: Bool
            let defaultValue: String?
            let names: [Name]?
        }
        let commands = (try? JSONDecoder().decode(Dump.self, from: Data(json.utf8)))?.command.subcommands ?? []
        var declared: [String: [(key: String, setting: Setting)]] = [:]
        for command in commands where command.shouldDisplay != false {
            declared[command.commandName] = (command.arguments ?? []).compactMap { argument in
                guard argument.kind != "positional", let key = argument.names?.first(where: { $0.kind == "long" })?.name, key != "help"
                else { return nil }
                let shape: Setting.Shape = argument.kind == "flag" ? .flag : argument.isRepeating ? .list : .value
                return (key, Setting(key: key, shape: shape, defaultValue: argument.defaultValue))
            }
        }
        var settings: [String: Setting] = [:]
        for command in Self.daemonCommands {
            for (key, setting) in declared[command] ?? [] where settings[key] == nil && key != ConfigFileOption.key {
                settings[key] = setting
            }
        }
        self.settings = settings
        keysByCommand = declared.mapValues { $0.map(\.key).filter { settings[$0] != nil } }
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
