import Foundation
import HTTPView

/// How `mediaspool config` shows the effective settings.
enum ConfigurationRendering {
    /// The secrets read from the environment: whether each is set, never its value.
    static let secretVariables = [
        HTTPAccessSettings.tokenVariable, HTTPAccessSettings.capabilitySecretVariable, CallbackOptions.secretVariable,
    ]

    /// One line per setting: key, value, origin.
    static func table(_ layered: LayeredArguments, environment: [String: String]) -> String {
        let file =
            layered.file.map { "configuration file: \($0)" }
            ?? "configuration file: none (--config, $\(ConfigurationFile.pathVariable), else \(ConfigurationFile.defaultPath))"
        var lines = ["# mediaspool \(layered.command): effective settings", "# \(file)"]
        let rows = layered.entries.map { entry in (entry.setting.key, shown(entry.values), origin(entry.origin)) }
        let keyWidth = rows.map(\.0.count).max() ?? 0
        let valueWidth = min(rows.map(\.1.count).max() ?? 0, 40)
        for (key, value, origin) in rows {
            lines.append(pad(key, keyWidth) + "  " + pad(value, valueWidth) + "  " + origin)
        }
        for variable in secretVariables {
            lines.append("# $\(variable): \(environment[variable].map { $0.isEmpty ? "empty" : "set (not shown)" } ?? "not set")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A configuration file that sets every setting that has a value, numbers as numbers.
    static func json(_ layered: LayeredArguments) -> String {
        var members: [String] = []
        for entry in layered.entries {
            guard let values = entry.values else { continue }
            let value: String
            switch entry.setting.shape {
            case .flag: value = values == ["true"] ? "true" : "false"
            case .value: value = literal(values[0])
            case .list: value = "[" + values.map(literal).joined(separator: ", ") + "]"
            }
            members.append("  \(quoted(entry.setting.key)): \(value)")
        }
        return "{\n" + members.joined(separator: ",\n") + "\n}"
    }

    private static func shown(_ values: [String]?) -> String {
        guard let values else { return "(none)" }
        return values.isEmpty ? "(none)" : values.joined(separator: ", ")
    }

    private static func origin(_ origin: LayeredArguments.Origin) -> String {
        switch origin {
        case .flag: "flag"
        case .environment(let variable): "$\(variable)"
        case .file: "file"
        case .builtIn: "default"
        }
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// A number stays a number (`4`, `2.5`; `30.0` as `30`, as a file reads back); anything
    /// else is a JSON string.
    private static func literal(_ word: String) -> String {
        if let number = Int(word), String(number) == word { return word }
        if let number = Double(word), number.isFinite, String(number) == word {
            return Int64(exactly: number).map(String.init) ?? word
        }
        return quoted(word)
    }

    private static func quoted(_ text: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
        let array = data.flatMap { String(data: $0, encoding: .utf8) } ?? "[\"\"]"
        return String(array.dropFirst().dropLast())
    }
}
