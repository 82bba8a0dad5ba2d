/// Lines of wrapped text, and the words that alone are wider than the width they were wrapped to.
public struct WrappedText: Sendable, Equatable {
    public var lines: [String]
    /// Words that do not fit the width even on a line of their own; each still sits on its own line.
    public var overflowingWords: [String]

    public init(lines: [String], overflowingWords: [String] = []) {
        self.lines = lines
        self.overflowingWords = overflowingWords
    }

    /// Whether every line fits the width.
    public var fits: Bool { overflowingWords.isEmpty }
}

/// Greedy line breaking at whitespace, measured with a ``FontFace`` at one pixel size.
public struct TextWrapper {
    public let face: FontFace
    public let pixelSize: Double
    public let maxWidth: Double

    public init(face: FontFace, pixelSize: Double, maxWidth: Double) {
        self.face = face
        self.pixelSize = pixelSize
        self.maxWidth = maxWidth
    }

    /// Greedy wrap at whitespace: runs of whitespace collapse to one space, words stay intact
    /// (never broken inside). Every line is measured whole, as it will be drawn, so a line of
    /// several words is never wider than `maxWidth`. A word wider than `maxWidth` alone gets a
    /// line of its own and is reported in ``WrappedText/overflowingWords``, not cut.
    public func wrap(_ text: String) -> WrappedText {
        wrap(words: Self.words(of: text))
    }

    /// Wraps words already split (see ``words(of:)``).
    public func wrap<Words: Sequence>(words: Words) -> WrappedText where Words.Element: StringProtocol {
        var result = WrappedText(lines: [])
        var line = ""
        for word in words {
            let word = String(word)
            if !line.isEmpty {
                let candidate = line + " " + word
                if fits(candidate) {
                    line = candidate
                    continue
                }
                result.lines.append(line)
            }
            line = word
            if !fits(word) { result.overflowingWords.append(word) }
        }
        if !line.isEmpty { result.lines.append(line) }
        return result
    }

    /// Whether `line` is no wider than `maxWidth` at this size.
    public func fits(_ line: String) -> Bool {
        face.width(of: line, pixelSize: pixelSize) <= maxWidth
    }

    /// The words of `text`: split at any whitespace, empty pieces dropped.
    public static func words(of text: String) -> [Substring] {
        text.split(whereSeparator: { $0.isWhitespace })
    }
}
