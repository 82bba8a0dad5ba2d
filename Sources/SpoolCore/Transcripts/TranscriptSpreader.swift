/// Times a plain-text transcript: split into sentences (after `.`, `!`, `?`, `…` and at line
/// breaks), each given a share of the audio's duration in proportion to its length in
/// characters, back to back from 0 to the end.
public enum TranscriptSpreader {
    public static func spread(_ text: String, over duration: Double) -> [TranscriptSegment] {
        let sentences = split(text)
        let weights = sentences.map { Double(max($0.filter { !$0.isWhitespace }.count, 1)) }
        let total = weights.reduce(0, +)
        guard total > 0, duration > 0 else { return [] }
        var segments: [TranscriptSegment] = []
        var start = 0.0
        for (sentence, weight) in zip(sentences, weights) {
            let end = min(duration, start + duration * weight / total)
            segments.append(TranscriptSegment(start: start, end: end, text: sentence))
            start = end
        }
        if !segments.isEmpty { segments[segments.count - 1].end = duration }
        return segments
    }

    /// Sentences with their punctuation, whitespace collapsed; none empty.
    public static func split(_ text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        func close() {
            let sentence = current.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if !sentence.isEmpty { sentences.append(sentence) }
            current = ""
        }
        var previousEndsSentence = false
        for character in text {
            if character == "\n" {
                close()
                previousEndsSentence = false
                continue
            }
            if previousEndsSentence && character.isWhitespace { close() }
            current.append(character)
            previousEndsSentence = ".!?…".contains(character) || (previousEndsSentence && "\"'”’)".contains(character))
        }
        close()
        return sentences
    }
}
