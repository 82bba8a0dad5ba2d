import Testing
import TextKit

@Suite("Wrapping and fitting")
struct TextWrapperTests {
    let face = Fixtures.dejaVu

    @Test func linesFitAndKeepEveryWordInOrder() {
        let text = Fixtures.transcriptWords(300).joined(separator: "  \n\t") + " 😀🎉 end"
        let wrapper = TextWrapper(face: face, pixelSize: 36, maxWidth: 500)
        let wrapped = wrapper.wrap(text)
        #expect(wrapped.lines.count > 20)
        #expect(wrapped.overflowingWords.isEmpty)
        for line in wrapped.lines {
            #expect(face.width(of: line, pixelSize: 36) <= 500, "\(line)")
            #expect(!line.hasPrefix(" ") && !line.hasSuffix(" ") && !line.contains("  "))
        }
        #expect(wrapped.lines.joined(separator: " ").split(separator: " ") == text.split(whereSeparator: \.isWhitespace))
    }

    @Test func linesAreFilledGreedily() {
        let wrapped = TextWrapper(face: face, pixelSize: 36, maxWidth: 500).wrap(Fixtures.transcriptWords(100).joined(separator: " "))
        for (line, next) in zip(wrapped.lines, wrapped.lines.dropFirst()) {
            let firstOfNext = next.split(separator: " ")[0]
            #expect(face.width(of: line + " " + firstOfNext, pixelSize: 36) > 500, "\(firstOfNext) would have fit on \(line)")
        }
    }

    @Test func aWordTooWideIsReportedNotCut() {
        let long = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz"
        let wrapped = TextWrapper(face: face, pixelSize: 40, maxWidth: 300).wrap("a short \(long) tail")
        #expect(wrapped.overflowingWords == [long])
        #expect(!wrapped.fits)
        #expect(wrapped.lines.contains(long))
        #expect(wrapped.lines.joined(separator: " ") == "a short \(long) tail")
    }

    @Test func emptyAndBlankTextGiveNoLines() {
        let wrapper = TextWrapper(face: face, pixelSize: 40, maxWidth: 300)
        #expect(wrapper.wrap("").lines.isEmpty)
        #expect(wrapper.wrap(" \n\t ").lines.isEmpty)
    }

    @Test func fitterShrinksALongWordUntilItFits() throws {
        let word = "Donaudampfschifffahrtsgesellschaft"
        let fitter = TextFitter(face: face)
        #expect(face.width(of: word, pixelSize: 80) > 600)
        let fitted = try #require(fitter.fit(word, maxWidth: 600, maxLines: 2, pixelSize: 80, minPixelSize: 12))
        #expect(fitted.pixelSize < 80)
        #expect(fitted.lines == [word])
        #expect(face.width(of: word, pixelSize: fitted.pixelSize) <= 600)
        #expect(face.width(of: word, pixelSize: fitted.pixelSize + 1) > 600, "shrinks no more than needed")
    }

    @Test func fitterShrinksToRespectMaxLines() throws {
        let text = Fixtures.transcriptWords(30).joined(separator: " ")
        let fitted = try #require(TextFitter(face: face).fit(text, maxWidth: 900, maxLines: 3, pixelSize: 60, minPixelSize: 10))
        #expect(fitted.lines.count <= 3)
        #expect(fitted.pixelSize < 60)
        for line in fitted.lines { #expect(face.width(of: line, pixelSize: fitted.pixelSize) <= 900) }
    }

    @Test func fitterKeepsTheSizeWhenTextFits() throws {
        let fitted = try #require(TextFitter(face: face).fit("short text", maxWidth: 900, maxLines: 2, pixelSize: 48, minPixelSize: 20))
        #expect(fitted == FittedText(lines: ["short text"], pixelSize: 48))
    }

    @Test func fitterFailsWhenEvenTheMinimumIsTooLarge() {
        let fitter = TextFitter(face: face)
        #expect(fitter.fit("Donaudampfschifffahrtsgesellschaft", maxWidth: 100, maxLines: 3, pixelSize: 40, minPixelSize: 20) == nil)
        #expect(
            fitter.fit(Fixtures.transcriptWords(500).joined(separator: " "), maxWidth: 400, maxLines: 2, pixelSize: 40, minPixelSize: 20)
                == nil)
        #expect(fitter.fit("x", maxWidth: 0, maxLines: 1, pixelSize: 40, minPixelSize: 20) == nil)
    }
}
