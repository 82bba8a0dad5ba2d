import Testing
import TextKit

@Suite("Carousel pagination")
struct CarouselPaginatorTests {
    let face = Fixtures.dejaVu

    func style(fontSize: Double = 64, minFontSize: Double = 28) -> SlideStyle {
        SlideStyle(width: 1080, height: 1080, font: face.file, fontSize: fontSize, minFontSize: minFontSize, padding: 80)
    }

    /// Every slide's lines fit the text box, in count and width, at the slide's size.
    func expectFits(_ slides: [CarouselSlide], _ style: SlideStyle) {
        let layout = SlideLayout(style: style)
        for slide in slides {
            let capacity = layout.capacity(
                pixelSize: slide.fontSize, lineSpacing: style.lineSpacing, metrics: face.metrics(pixelSize: slide.fontSize))
            #expect(!slide.lines.isEmpty)
            #expect(slide.lines.count <= capacity, "slide \(slide.index) has \(slide.lines.count) lines for \(capacity)")
            #expect(slide.fontSize <= style.fontSize && slide.fontSize >= style.minFontSize)
            for line in slide.lines {
                #expect(face.width(of: line, pixelSize: slide.fontSize) <= layout.textBox.width, "\(line)")
            }
            #expect(slide.text == slide.lines.joined(separator: " "))
        }
    }

    @Test func twoThousandWordsKeepEveryWordOnceInOrder() {
        let words = Fixtures.transcriptWords(2000)
        // As segments of uneven length, the way a transcript arrives.
        var segments: [String] = []
        var index = 0
        while index < words.count {
            let end = min(words.count, index + 3 + index % 17)
            segments.append(words[index..<end].joined(separator: " "))
            index = end
        }
        let style = style()
        let slides = CarouselPaginator(face: face, style: style).paginate(segments)
        #expect(slides.count > 20)
        #expect(slides.map(\.index) == Array(1...slides.count))
        #expect(slides.allSatisfy { $0.count == slides.count })
        let readBack: [String] = slides.flatMap { $0.text.split(separator: " ").map(String.init) }
        #expect(readBack == words)
        #expect(slides.allSatisfy { $0.fontSize == 64 })
        expectFits(slides, style)
    }

    @Test func slidesPreferToEndAtASentenceWhenHalfFull() {
        let style = style()
        let slides = CarouselPaginator(face: face, style: style).paginate([Fixtures.transcriptWords(2000).joined(separator: " ")])
        let layout = SlideLayout(style: style)
        let capacity = layout.capacity(pixelSize: 64, lineSpacing: style.lineSpacing, metrics: face.metrics(pixelSize: 64))
        let endingAtSentence = slides.dropLast().filter { $0.text.hasSuffix(".") }
        // Sentences are at most 19 words, so nearly every slide can end at one past its half.
        #expect(endingAtSentence.count >= slides.count - 2)
        for slide in endingAtSentence { #expect(slide.lines.count * 2 >= capacity) }
    }

    @Test func aTooWideWordShrinksOnlyItsSlide() {
        let long = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz"
        let style = style(minFontSize: 16)
        let words = Fixtures.transcriptWords(200)
        let text = (words[..<100] + [long] + words[100...]).joined(separator: " ")
        let slides = CarouselPaginator(face: face, style: style).paginate([text])
        let shrunk = slides.filter { $0.fontSize < 64 }
        #expect(shrunk.count == 1)
        #expect(shrunk.first?.lines.first == long)
        let readBack: [String] = slides.flatMap { $0.text.split(separator: " ").map(String.init) }
        let expected: [String] = text.split(separator: " ").map(String.init)
        #expect(readBack == expected)
        expectFits(slides, style)
    }

    @Test func aWordTooWideEvenAtTheMinimumIsSplitNotDropped() {
        let url = "https://example.com/" + String(repeating: "averyveryverylongpath/", count: 12)
        let style = style()
        let slides = CarouselPaginator(face: face, style: style).paginate(["see \(url) now."])
        #expect(slides.map { $0.text }.joined(separator: " ").replacing(" ", with: "") == "see\(url)now.")
        expectFits(slides, style)
    }

    @Test func forbiddenCharactersAreDroppedBeforeMeasuring() {
        let slides = CarouselPaginator(face: face, style: style()).paginate(["a\u{0}b \u{1B}[0m c\u{FFFF}", "\u{1}"])
        #expect(slides.count == 1)
        #expect(slides.first?.text == "ab [0m c")
    }

    @Test func emptyTranscriptHasNoSlides() {
        #expect(CarouselPaginator(face: face, style: style()).paginate([]).isEmpty)
        #expect(CarouselPaginator(face: face, style: style()).paginate(["  ", "\n"]).isEmpty)
    }
}
