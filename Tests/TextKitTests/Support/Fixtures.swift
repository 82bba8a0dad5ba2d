import Foundation
import TextKit

/// The faces and words the tests share.
enum Fixtures {
    /// DejaVu Sans (fonts-dejavu-core), loaded once for every test.
    static let dejaVu: FontFace = {
        do {
            return try FontFace(file: FontLocator.locate(family: "DejaVu Sans"))
        } catch {
            fatalError("DejaVu Sans is required by the tests (fonts-dejavu-core): \(error)")
        }
    }()

    /// `count` words of plain English with a sentence end every 7 to 19 words, each word tagged
    /// with its position (`word123`) so order and completeness can be checked.
    static func transcriptWords(_ count: Int) -> [String] {
        let vocabulary = ["the", "quick", "brown", "fox", "jumps", "over", "a", "lazy", "dog", "while", "everyone", "watches"]
        var words: [String] = []
        var sentenceLength = 0
        for index in 0..<count {
            var word = vocabulary[index % vocabulary.count] + String(index)
            sentenceLength += 1
            if sentenceLength >= 7 + index % 13 || index == count - 1 {
                word += "."
                sentenceLength = 0
            }
            words.append(word)
        }
        return words
    }
}
