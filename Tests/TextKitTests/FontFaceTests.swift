import Testing
import TextKit

@Suite("Text measurement")
struct FontFaceTests {
    let face = Fixtures.dejaVu

    @Test func wideLettersAreWiderThanNarrowOnes() {
        let wide = face.width(of: "WWWW", pixelSize: 40)
        let narrow = face.width(of: "iiii", pixelSize: 40)
        #expect(narrow > 0)
        #expect(wide > 2 * narrow)
    }

    @Test func widthGrowsWithTextAndIsAboutAdditive() {
        let sentence = "Typesetting a caption, with kerning: AVA Toy."
        var previous = 0.0
        for end in sentence.indices.dropFirst() {
            let width = face.width(of: String(sentence[..<end]), pixelSize: 32)
            #expect(width >= previous - 2, "kerning may pull a pair closer by a little, not more")
            previous = max(previous, width)
        }
        let whole = face.width(of: "hello world", pixelSize: 32)
        let parts = face.width(of: "hello", pixelSize: 32) + face.width(of: " ", pixelSize: 32) + face.width(of: "world", pixelSize: 32)
        #expect(abs(whole - parts) < 2)
    }

    @Test func widthScalesWithSize() {
        let small = face.width(of: "Scaling text", pixelSize: 20)
        let large = face.width(of: "Scaling text", pixelSize: 80)
        #expect(abs(large - 4 * small) < 0.01 * large)
    }

    @Test func charactersTheFontLacksStillTakeRoom() {
        for emoji in ["😀", "🎉", "😀🎉", "👍🏽", "中"] {
            let width = face.width(of: emoji, pixelSize: 40)
            #expect(width >= 0.5 * 40 * Double(emoji.count), "\(emoji) measured \(width)")
        }
        #expect(face.width(of: "a😀b", pixelSize: 40) > face.width(of: "ab", pixelSize: 40) + 20)
    }

    @Test func emptyTextHasNoWidth() {
        #expect(face.width(of: "", pixelSize: 40) == 0)
    }

    @Test func metricsArePositiveAndScale() {
        let metrics = face.metrics(pixelSize: 100)
        #expect(metrics.ascent > 70 && metrics.ascent < 100)
        #expect(metrics.descent > 10 && metrics.descent < 40)
        #expect(metrics.lineHeight >= metrics.ascent + metrics.descent)
        #expect(abs(face.metrics(pixelSize: 50).ascent * 2 - metrics.ascent) < 0.001)
    }
}
