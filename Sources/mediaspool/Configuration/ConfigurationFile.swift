import Foundation
import SpoolCore

/// A configuration file: one JSON object whose keys are settings, such as
/// `{"spool": "/var/spool/mediaspool", "workers": 4, "allow-host": ["cdn.example.com"]}`.
/// A key that is no setting, or a value of the wrong shape, is an error naming the key.
struct ConfigurationFile {
    static let defaultPath = "/etc/mediaspool/mediaspool.json"
    static let pathVariable = "MEDIASPOOL_CONFIG"

    let path: String
    /// Each key's values as command-line words (a flag's is `["true"]` or `["false"]`); a key
    /// set to `null` is left out.
    let values: [String: [String]]

    init(path: String, catalogue: SettingsCatalogue) throws(ConfigurationError) {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("configuration file \(path): cannot be read (\(String(cString: strerror(errno))))")
        }
        let document: JSONValue
        do {
            document = try JSONValue.parse(Array(data))
        } catch {
            throw ConfigurationError("configuration file \(path): \(error.reason)")
        }
        guard case .object(let members) = document else {
            throw ConfigurationError("configuration file \(path): expected one JSON object of settings, such as {\"workers\": 2}")
        }
        var values: [String: [String]] = [:]
        for (key, value) in members.sorted(by: { $0.key < $1.key }) {
            guard let setting = catalogue.settings[key] else {
                let hint = catalogue.suggestion(for: key).map { " (did you mean \"\($0)\"?)" } ?? ""
                throw ConfigurationError(
                    "configuration file \(path): \"\(key)\" is not a setting\(hint); settings are the long options of `mediaspool run` and `mediaspool serve`"
                )
            }
            do {
                if let words = try Self.words(value, for: setting) { values[key] = words }
            } catch {
                throw ConfigurationError("configuration file \(path): \"\(key)\": \(error.description)")
            }
        }
        self.values = values
    }

    /// The file to read: `--config`, else `$MEDIASPOOL_CONFIG` (empty: none), else the default
    /// path when it exists.
    static func path(option: String?, environment: [String: String]) -> String? {
        if let option { return option.isEmpty ? nil : option }
        if let variable = environment[pathVariable] { return variable.isEmpty ? nil : variable }
        return FileManager.default.fileExists(atPath: defaultPath) ? defaultPath : nil
    }

    /// The command-line words a JSON value stands for, or nil for `null`.
    private static func words(_ value: JSONValue, for setting: Setting) throws(ConfigurationError) -> [String]? {
        if case .null = value { return nil }
        switch setting.shape {
        case .flag:
            guard case .bool(let on) = value else { throw ConfigurationError("expected true or false, not \(value.summary)") }
            return [on ? "true" : "false"]
        case .value:
            guard let word = value.scalarWord else { throw ConfigurationError("expected a number or a string, not \(value.summary)") }
            return [word]
        case .list:
            switch value {
            case .array(let items):
                return try items.map { item throws(ConfigurationError) in
                    guard let word = item.scalarWord else {
                        throw ConfigurationError("expected a list of strings or numbers, but it holds \(item.summary)")
                    }
                    return word
                }
            case .object(let members):
                // {"mp4": 1, "carousel": 2} for kind-limit's kind=N words.
                return try members.sorted(by: { $0.key < $1.key }).map { (name, item) throws(ConfigurationError) in
                    guard let word = item.scalarWord else {
                        throw ConfigurationError("\"\(name)\": expected a number or a string, not \(item.summary)")
                    }
                    return "\(name)=\(word)"
                }
            default:
                guard let word = value.scalarWord else { throw ConfigurationError("expected a list of strings, not \(value.summary)") }
                return [word]
            }
        }
    }
}

extension JSONValue {
    /// A string or a number as one command-line word (`4`, `2.5`).
    fileprivate var scalarWord: String? {
        switch self {
        case .string(let text): text
        case .number(let number): Int64(exactly: number).map(String.init) ?? String(number)
        default: nil
        }
    }

    /// How an error message names the value.
    fileprivate var summary: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .number: scalarWord ?? ""
        case .string(let value): "\"\(value)\""
        case .array: "a list"
        case .object: "an object"
        }
    }
}
