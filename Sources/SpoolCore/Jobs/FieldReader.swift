/// Reads typed fields out of one JSON object, recording a ``JobError`` with the field's full
/// path for each one that is wrong, and keeping the fields it was not asked about.
struct FieldReader {
    let object: [String: JSONValue]
    let path: String?
    /// Fields not consumed yet: what the job keeps as unknown (or merely carried) fields.
    private(set) var remaining: [String: JSONValue]
    var problems: [JobError] = []

    init(object: [String: JSONValue], path: String? = nil) {
        self.object = object
        self.path = path
        self.remaining = object
    }

    func fieldPath(_ key: String?) -> String? {
        guard let key else { return path }
        return path.map { "\($0).\(key)" } ?? key
    }

    mutating func report(_ code: JobError.Code, _ key: String?, _ reason: String) {
        problems.append(JobError(code, field: fieldPath(key), reason: reason))
    }

    /// The value of `key`, nil when absent or null; consumed unless `keep`.
    mutating func take(_ key: String, keep: Bool = false) -> JSONValue? {
        guard let value = object[key] else { return nil }
        if !keep { remaining[key] = nil }
        if case .null = value { return nil }
        return value
    }

    private mutating func missing(_ key: String, required: Bool) {
        if required { report(.missingField, key, "required") }
    }

    mutating func string(_ key: String, required: Bool = false, maxLength: Int = 4096, keep: Bool = false) -> String? {
        guard let value = take(key, keep: keep) else {
            missing(key, required: required)
            return nil
        }
        guard case .string(let text) = value else {
            report(.invalidField, key, "must be a string, got \(value.typeName)")
            return nil
        }
        if required && text.isEmpty {
            report(.invalidField, key, "must not be empty")
            return nil
        }
        guard text.utf8.count <= maxLength else {
            report(.invalidField, key, "is \(text.utf8.count) bytes long; at most \(maxLength) allowed")
            return nil
        }
        return text
    }

    mutating func number(_ key: String, required: Bool = false) -> Double? {
        guard let value = take(key) else {
            missing(key, required: required)
            return nil
        }
        guard case .number(let number) = value, number.isFinite else {
            report(.invalidField, key, "must be a number, got \(value.typeName)")
            return nil
        }
        return number
    }

    mutating func integer(_ key: String, in range: ClosedRange<Int>? = nil) -> Int? {
        guard let value = take(key) else { return nil }
        guard case .number(let number) = value, let integer = Int(exactly: number) else {
            report(
                .invalidField, key, "must be a whole number, got \(value.typeName == "a number" ? "\(value.numberText)" : value.typeName)")
            return nil
        }
        if let range, !range.contains(integer) {
            report(.invalidField, key, "must be between \(range.lowerBound) and \(range.upperBound), got \(integer)")
            return nil
        }
        return integer
    }

    mutating func integer(_ key: String, oneOf allowed: [Int], unit: String) -> Int? {
        guard let integer = integer(key) else { return nil }
        guard allowed.contains(integer) else {
            report(.invalidField, key, "must be one of \(allowed.map(String.init).joined(separator: ", ")) \(unit), got \(integer)")
            return nil
        }
        return integer
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let value = take(key) else { return nil }
        guard case .bool(let flag) = value else {
            report(.invalidField, key, "must be true or false, got \(value.typeName)")
            return nil
        }
        return flag
    }

    /// One of an enumeration's raw values, e.g. `"m4a"` for ``ExportFormat``.
    mutating func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, _ type: Choice.Type) -> Choice?
    where Choice.RawValue == String {
        guard let text = string(key, maxLength: 64) else { return nil }
        guard let choice = Choice(rawValue: text) else {
            let names = Choice.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            report(.invalidField, key, "must be one of \(names), got \"\(text)\"")
            return nil
        }
        return choice
    }

    /// A number within `range`, e.g. a loudness target.
    mutating func number(_ key: String, in range: ClosedRange<Double>, unit: String) -> Double? {
        guard let value = number(key) else { return nil }
        guard range.contains(value) else {
            report(.invalidField, key, "must be between \(range.lowerBound) and \(range.upperBound) \(unit), got \(value)")
            return nil
        }
        return value
    }

    /// An object of strings (numbers are accepted and written as text), e.g. `tags`.
    mutating func stringMap(_ key: String) -> [String: String] {
        guard let value = take(key) else { return [:] }
        guard case .object(let entries) = value else {
            report(.invalidField, key, "must be an object of strings, got \(value.typeName)")
            return [:]
        }
        var result: [String: String] = [:]
        for (name, entry) in entries {
            switch entry {
            case .string(let text) where text.utf8.count <= 4096: result[name] = text
            case .number: result[name] = entry.numberText
            case .null: continue
            default: report(.invalidField, "\(key).\(name)", "must be a string of at most 4096 bytes, got \(entry.typeName)")
            }
        }
        return result
    }

    mutating func stringArray(_ key: String, maxCount: Int) -> [String]? {
        guard let value = take(key) else { return nil }
        guard case .array(let items) = value else {
            report(.invalidField, key, "must be an array of strings, got \(value.typeName)")
            return nil
        }
        guard items.count <= maxCount else {
            report(.invalidField, key, "has \(items.count) entries; at most \(maxCount) allowed")
            return nil
        }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item else {
                report(.invalidField, "\(key)[\(index)]", "must be a string, got \(item.typeName)")
                continue
            }
            result.append(text)
        }
        return result
    }

    /// A reader for a nested object, consumed from this one; nil when absent or not an object.
    mutating func nested(_ key: String) -> FieldReader? {
        guard let value = take(key) else { return nil }
        guard case .object(let inner) = value else {
            report(.invalidField, key, "must be an object, got \(value.typeName)")
            return nil
        }
        return FieldReader(object: inner, path: fieldPath(key))
    }

    /// Checks that `key` is an object or null, and keeps it.
    mutating func objectOrNull(_ key: String) {
        guard let value = take(key, keep: true) else { return }
        if value.objectValue == nil { report(.invalidField, key, "must be an object, got \(value.typeName)") }
    }
}

extension JSONValue {
    /// A number as a person writes it: `128`, not `128.0`.
    var numberText: String {
        guard case .number(let value) = self else { return typeName }
        if let integer = Int64(exactly: value) { return String(integer) }
        return String(value)
    }
}
