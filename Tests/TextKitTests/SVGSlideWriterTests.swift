import Foundation
import FoundationXML
import Testing
import TextKit

@Suite("SVG slides")
struct SVGSlideWriterTests {
    let face = Fixtures.dejaVu

    /// A transcript that tries every way to break out of the markup or the XML.
    static let hostile = [
        "<script>alert(1)</script> Tom &amp; Jerry said \"quotes\" and 'apostrophes' 😀🎉",
        "]]> <![CDATA[ x ]]> </text></svg><svg onload=\"alert(2)\"> &#0; &lt;b&gt;",
        "nul\u{0}byte bell\u{7} escape\u{1B}[31m form\u{C}feed tab\tand\rreturn \u{FFFE}\u{FFFF} end. <!-- c --> <?pi x?>",
    ]

    /// The text as it must read back: XML-forbidden characters dropped, whitespace collapsed.
    static func expected(_ texts: [String]) -> String {
        let allowed = texts.joined(separator: " ").unicodeScalars.filter { scalar in
            switch scalar.value {
            case 0x9, 0xA, 0xD: true
            case 0..<0x20, 0xFFFE, 0xFFFF: false
            default: true
            }
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: allowed)
        return String(text).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    func texts(_ document: XMLDocument, _ xpath: String) throws -> [String] {
        try document.nodes(forXPath: xpath).map { $0.stringValue ?? "" }
    }

    @Test func hostileTranscriptGivesValidSVGThatReadsBack() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let style = SlideStyle(font: face.file, fontSize: 48)
        let slides = CarouselPaginator(face: face, style: style).paginate(Self.hostile)
        #expect(!slides.isEmpty)
        var titles: [String] = []
        var lines: [String] = []
        for slide in slides {
            let svg = try SVGSlideWriter.svg(for: slide, style: style)
            #expect(!svg.contains("<script"))
            #expect(!svg.contains("<svg onload"))
            #expect(!svg.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
            let name = "slide\(slide.index).svg"
            try ws.write(svg, to: name)
            try ws.run("xmllint", "--noout", name)

            let document = try XMLDocument(data: Data(svg.utf8))
            #expect(try document.nodes(forXPath: "//*[local-name()='script']").isEmpty)
            #expect(try document.nodes(forXPath: "//@*[starts-with(name(), 'on')]").isEmpty)
            titles += try texts(document, "/*[local-name()='svg']/*[local-name()='title']")
            let textNodes = try texts(document, "//*[local-name()='text']")
            lines += textNodes.dropLast()  // the last is the slide number
            #expect(textNodes.last == "\(slide.index)/\(slides.count)")
        }
        #expect(titles.joined(separator: " ") == Self.expected(Self.hostile))
        #expect(lines.joined(separator: " ") == Self.expected(Self.hostile))
    }

    @Test func writerEscapesLinesItIsGivenDirectly() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let lines = ["<b>&\"'</b>", "a\u{0}b\u{FFFF}c ]]>"]
        let slide = CarouselSlide(index: 1, count: 1, lines: lines, fontSize: 40)
        let style = SlideStyle(font: FontFile(path: face.file.path, family: "Odd \"Family\" 'Name' <x>"), fontSize: 40)
        let svg = try SVGSlideWriter.svg(for: slide, style: style)
        try ws.write(svg, to: "direct.svg")
        try ws.run("xmllint", "--noout", "direct.svg")
        let document = try XMLDocument(data: Data(svg.utf8))
        #expect(try texts(document, "//*[local-name()='text']").prefix(2) == ["<b>&\"'</b>", "abc ]]>"])
        let family = try document.nodes(forXPath: "//*[local-name()='text']/@font-family").first?.stringValue
        #expect(family == "'Odd \"Family\" \\'Name\\' <x>'")
    }

    @Test func writesColoursSizeAndOpacity() throws {
        let style = SlideStyle(
            width: 1280, height: 720, backgroundColor: SlideColor(red: 0x10, green: 0x20, blue: 0x30, alpha: 128),
            textColor: SlideColor(hex: "#abcdef")!, font: face.file, fontSize: 40, showSlideNumbers: false)
        let slide = CarouselSlide(index: 2, count: 3, lines: ["hello"], fontSize: 40)
        let svg = try SVGSlideWriter.svg(for: slide, style: style)
        #expect(svg.contains("width=\"1280\" height=\"720\""))
        #expect(svg.contains("fill=\"#102030\" fill-opacity=\"0.5\""))
        #expect(svg.contains("fill=\"#abcdef\""))
        #expect(!svg.contains("2/3"))
    }

    @Test func unreadableImagesAreReported() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.write("not an image", to: "fake.png")
        let slide = CarouselSlide(index: 1, count: 1, lines: ["x"], fontSize: 40)
        for style in [
            SlideStyle(backgroundImagePath: ws.path("fake.png"), font: face.file),
            SlideStyle(font: face.file, logoPath: ws.path("missing.png")),
        ] {
            let error = #expect(throws: TextKitError.self) { try SVGSlideWriter.svg(for: slide, style: style) }
            #expect(error?.code == .imageUnreadable)
        }
    }
}
