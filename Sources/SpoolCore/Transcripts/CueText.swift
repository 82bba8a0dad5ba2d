/// The spoken text of a cue: markup tags (`<v Speaker>`, `<i>`, `</c>`, `<00:01.000>`,
/// `<font color=…>`) and SSA overrides (`{\an8}`) removed, entities decoded, whitespace collapsed
/// within lines. A `<` that does not open a tag (`a < b`) stays.
enum CueText {
    static func clean(_ text: String) -> String {
        var result = ""
        var characters = Substring(text)
        while let next = characters.first {
            if next == "<", let close = characters.firstIndex(of: ">"),
                isTag(characters[characters.index(after: characters.startIndex)..<close])
            {
                characters = characters[characters.index(after: close)...]
            } else if next == "{", characters.dropFirst().first == "\\", let close = characters.firstIndex(of: "}") {
                characters = characters[characters.index(after: close)...]
            } else if next == "&", let (decoded, rest) = entity(characters) {
                result.append(decoded)
                characters = rest
            } else {
                result.append(next)
                characters = characters.dropFirst()
            }
        }
        return result.split(whereSeparator: \.isNewline).map { line in
            line.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// `v Speaker`, `/i`, `c.loud`, `00:01.000`, `font color="red"`: a name right after `<`, no newline.
    private static func isTag(_ inside: Substring) -> Bool {
        guard let first = inside.first, !inside.contains("\n"), inside.count <= 200 else { return false }
        return first == "/" || first.isLetter || first.isNumber
    }

    private static let named: [String: Character] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "lrm": "\u{200E}", "rlm": "\u{200F}",
    ]

    private static func entity(_ text: Substring) -> (Character, Substring)? {
        guard let semicolon = text.prefix(12).firstIndex(of: ";") else { return nil }
        let name = text[text.index(after: text.startIndex)..<semicolon]
        let rest = text[text.index(after: semicolon)...]
        if let character = named[String(name)] { return (character, rest) }
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            if let value, let scalar = Unicode.Scalar(value), value != 0 { return (Character(scalar), rest) }
        }
        return nil
    }
}
