import Testing
import TextKit

@Suite("Caption masks")
struct TextRasterizerTests {
    let face = Fixtures.dejaVu

    @Test func maskHasTheRequestedSizeAndInk() throws {
        let lines = ["Hello captions", "second line"]
        let mask = try TextRasterizer(face: face).render(lines: lines, pixelSize: 40, maxWidth: 640, lineSpacing: 1.2)
        let lineHeight = face.metrics(pixelSize: 40).lineHeight * 1.2
        #expect(mask.width == 640)
        #expect(mask.height == Int((lineHeight * 2).rounded(.up)))
        #expect(mask.coverage.count == mask.width * mask.height)
        #expect(mask.coverage.contains { $0 > 200 })
    }

    @Test func inkStaysInsideEachCentredLine() throws {
        let lines = ["Wide line of caption text", "short", "😀 ok"]
        let size = 36.0
        let mask = try TextRasterizer(face: face).render(lines: lines, pixelSize: size, maxWidth: 800)
        let lineHeight = Int((face.metrics(pixelSize: size).lineHeight * 1.2).rounded(.down))
        for (index, line) in lines.enumerated() {
            let width = face.width(of: line, pixelSize: size)
            let left = Int((800 - width) / 2) - 3
            let right = Int((800 + width) / 2) + 3
            var inkInside = 0
            for y in (index * lineHeight)..<min(mask.height, (index + 1) * lineHeight) {
                for x in 0..<mask.width {
                    if x < left || x > right {
                        #expect(mask[x, y] == 0, "ink at \(x),\(y) outside line \(index) (\(left)…\(right))")
                    } else if mask[x, y] > 0 {
                        inkInside += 1
                    }
                }
            }
            #expect(inkInside > 50, "line \(index) drew nothing")
        }
    }

    @Test func inkBoundsMatchTheMeasuredWidth() throws {
        let mask = try TextRasterizer(face: face).render(lines: ["Measured"], pixelSize: 60, maxWidth: 600)
        let bounds = try #require(mask.inkBounds)
        let width = face.width(of: "Measured", pixelSize: 60)
        #expect(Double(bounds.maxX - bounds.minX + 1) <= width + 2)
        #expect(Double(bounds.maxX - bounds.minX + 1) > width * 0.8)
        #expect(abs(Double(bounds.minX) - (600 - width) / 2) < 8)
    }

    @Test func manyCaptionsReuseGlyphs() throws {
        let rasterizer = TextRasterizer(face: face)
        let words = Fixtures.transcriptWords(600)
        var masks = 0
        for start in stride(from: 0, to: words.count, by: 6) {
            let line = words[start..<min(start + 6, words.count)].joined(separator: " ")
            let mask = try rasterizer.render(lines: [line], pixelSize: 32, maxWidth: 1280)
            if mask.coverage.contains(where: { $0 > 200 }) { masks += 1 }
        }
        #expect(masks == 100)
    }

    @Test func rejectsNonsenseSizes() {
        let rasterizer = TextRasterizer(face: face)
        #expect(throws: TextKitError.self) { try rasterizer.render(lines: ["x"], pixelSize: 0, maxWidth: 100) }
        #expect(throws: TextKitError.self) { try rasterizer.render(lines: ["x"], pixelSize: 20, maxWidth: 0) }
    }
}
