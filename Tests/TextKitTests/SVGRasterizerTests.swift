import Foundation
import Testing
import TextKit

@Suite("PNG slides")
struct SVGRasterizerTests {
    let face = Fixtures.dejaVu

    /// Paginates `texts` and renders every slide to `slideN.png` in `ws`.
    func render(_ texts: [String], style: SlideStyle, in ws: Workspace) throws -> [CarouselSlide] {
        let slides = CarouselPaginator(face: face, style: style).paginate(texts)
        for slide in slides {
            let svg = try SVGSlideWriter.svg(for: slide, style: style)
            try SVGRasterizer.writePNG(
                svg: Array(svg.utf8), width: style.width, height: style.height, to: ws.path("slide\(slide.index).png"))
        }
        return slides
    }

    @Test(arguments: [(1080, 1080), (1280, 720), (1080, 1920)])
    func pngHasTheStyleSizeAndCleanMargins(size: (Int, Int)) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let background = SlideColor(red: 250, green: 246, blue: 235)
        let style = SlideStyle(
            width: size.0, height: size.1, backgroundColor: background, font: face.file, fontSize: 72, minFontSize: 24, padding: 60)
        let texts = [
            "Emoji everywhere 😀🎉😀🎉😀🎉😀🎉😀🎉😀🎉😀🎉😀🎉 and WWWWWWWW MMMMMMMM wide letters.",
            "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz and Donaudampfschifffahrtsgesellschaftskapitän.",
            "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀 👨‍👩‍👧‍👦 中文字符 العربية",
        ]
        let slides = try render(texts, style: style, in: ws)
        #expect(slides.count >= 1)
        let margin = Int(style.padding)
        for slide in slides {
            let path = ws.path("slide\(slide.index).png")
            let header = try RGBAImage.pngSize(path)
            #expect(header.width == size.0 && header.height == size.1)
            #expect(!FileManager.default.fileExists(atPath: path + ".part"))
            let image = try RGBAImage(path: path)
            let rgb = (background.red, background.green, background.blue)
            let left = image.pixels(inColumns: 0..<margin, differingFrom: rgb)
            let right = image.pixels(inColumns: (size.0 - margin)..<size.0, differingFrom: rgb)
            #expect(left.count == 0, "slide \(slide.index): ink in the left margin at \(left.prefix(3))")
            #expect(right.count == 0, "slide \(slide.index): ink in the right margin at \(right.prefix(3))")
            let inside = image.pixels(inColumns: margin..<(size.0 - margin), differingFrom: rgb, tolerance: 100)
            #expect(inside.count > 500, "slide \(slide.index) shows no text")
        }
    }

    @Test func tesseractReadsTheWords() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let style = SlideStyle(backgroundColor: .white, textColor: .black, font: face.file, fontSize: 96, padding: 80)
        _ = try render(["Hello carousel readers"], style: style, in: ws)
        let text = String(decoding: try ws.run("tesseract", "slide1.png", "stdout"), as: UTF8.self).lowercased()
        #expect(text.contains("hello"), "tesseract read: \(text)")
        #expect(text.contains("carousel"), "tesseract read: \(text)")
    }

    @Test func logoAndBackgroundImageAreDrawn() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        try ws.run("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "color=red:s=64x64", "-frames:v", "1", "logo.png")
        try ws.run("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "color=blue:s=48x32", "-frames:v", "1", "-q:v", "2", "bg.jpg")
        let style = SlideStyle(backgroundImagePath: ws.path("bg.jpg"), textColor: .white, font: face.file, logoPath: ws.path("logo.png"))
        let slides = try render(["A slide with a logo and a picture behind it."], style: style, in: ws)
        let image = try RGBAImage(path: ws.path("slide1.png"))
        let logo = try #require(SlideLayout(style: style).logo)
        let centre = image.pixel(Int(logo.x + logo.width / 2), Int(logo.y + logo.height / 2))
        #expect(centre.r > 200 && centre.g < 60 && centre.b < 60, "logo pixel \(centre)")
        for (x, y) in [(2, 2), (1077, 2), (2, 1077), (540, 20)] {
            let pixel = image.pixel(x, y)
            #expect(pixel.b > 180 && pixel.r < 60 && pixel.g < 60, "background at \(x),\(y) is \(pixel)")
        }
        #expect(slides.count == 1)
    }

    @Test func badSVGAndBadPathsThrowAndLeaveNoPart() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let error = #expect(throws: TextKitError.self) {
            try SVGRasterizer.writePNG(svg: Array("<svg><unclosed".utf8), width: 10, height: 10, to: ws.path("bad.png"))
        }
        #expect(error?.code == .renderFailed)
        #expect(!FileManager.default.fileExists(atPath: ws.path("bad.png.part")))
        #expect(!FileManager.default.fileExists(atPath: ws.path("bad.png")))
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>"
        let writeError = #expect(throws: TextKitError.self) {
            try SVGRasterizer.writePNG(svg: svg, width: 10, height: 10, to: ws.path("no/such/folder/x.png"))
        }
        #expect(writeError?.code == .writeFailed)
    }

    @Test func hundredSlidesRender() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let style = SlideStyle(font: face.file, fontSize: 64)
        let clock = ContinuousClock()
        let start = clock.now
        let slides = CarouselPaginator(face: face, style: style).paginate([Fixtures.transcriptWords(5000).joined(separator: " ")]).prefix(
            100)
        let paginated = clock.now
        #expect(slides.count == 100)
        for slide in slides {
            let svg = try SVGSlideWriter.svg(for: slide, style: style)
            try SVGRasterizer.writePNG(svg: svg, width: style.width, height: style.height, to: ws.path("slide\(slide.index).png"))
        }
        let rendered = clock.now
        let pngs = try FileManager.default.contentsOfDirectory(atPath: ws.url.path).filter { $0.hasSuffix(".png") }
        #expect(pngs.count == 100)
        print(
            "TextKit: paginated 5000 words in \(paginated - start), rendered 100 slides (SVG + PNG, 1080×1080) in \(rendered - paginated)")
    }
}
