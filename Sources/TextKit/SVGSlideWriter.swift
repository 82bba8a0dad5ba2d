/// Writes a ``CarouselSlide`` as a self-contained SVG document: background colour and image,
/// the lines centred in the text box (one `<text>` per line), the slide number and the logo.
///
/// All text goes through ``XMLText/escaped(_:)``: characters XML 1.0 forbids are dropped and
/// `& < > " '` become entities, so a transcript cannot inject markup. The slide's text is also
/// the document's `<title>`, for screen readers.
public enum SVGSlideWriter {
    public static func svg(for slide: CarouselSlide, style: SlideStyle) throws -> String {
        try style.validate()
        let layout = SlideLayout(style: style)
        let width = style.width
        let height = style.height
        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" \
            width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)">
            <title>\(XMLText.escaped(slide.text))</title>
            <rect x="0" y="0" width="\(width)" height="\(height)"\(fill(style.backgroundColor))/>

            """
        if let path = style.backgroundImagePath {
            let uri = try ImageDataURI.make(path: path, allowSVG: false)
            svg += "<image x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" preserveAspectRatio=\"xMidYMid slice\" "
            svg += "xlink:href=\"\(uri)\"/>\n"
        }
        let font = fontAttributes(style.font)
        let box = layout.textBox
        let step = slide.fontSize * style.lineSpacing
        let block = Double(max(slide.lines.count - 1, 0)) * step + slide.ascent + slide.descent
        let top = box.y + (box.height - block) / 2
        let centre = number(box.x + box.width / 2)
        for (index, line) in slide.lines.enumerated() {
            let baseline = top + slide.ascent + Double(index) * step
            svg += "<text x=\"\(centre)\" y=\"\(number(baseline))\" text-anchor=\"middle\" \(font) "
            svg += "font-size=\"\(number(slide.fontSize))\"\(fill(style.textColor))>\(XMLText.escaped(line))</text>\n"
        }
        if style.showSlideNumbers {
            svg += "<text x=\"\(number(box.x))\" y=\"\(number(layout.numberBaseline))\" \(font) "
            svg += "font-size=\"\(number(layout.numberSize))\"\(fill(style.accentColor))>\(slide.index)/\(slide.count)</text>\n"
        }
        if let path = style.logoPath, let frame = layout.logo {
            let uri = try ImageDataURI.make(path: path, allowSVG: true)
            svg += "<image x=\"\(number(frame.x))\" y=\"\(number(frame.y))\" width=\"\(number(frame.width))\" "
            svg += "height=\"\(number(frame.height))\" preserveAspectRatio=\"xMidYMid meet\" xlink:href=\"\(uri)\"/>\n"
        }
        svg += "</svg>\n"
        return svg
    }

    /// `font-family` (CSS-quoted, then XML-escaped) and, for a bold face, `font-weight`.
    static func fontAttributes(_ font: FontFile) -> String {
        let quoted = "'" + font.family.replacing("\\", with: "\\\\").replacing("'", with: "\\'") + "'"
        return "font-family=\"\(XMLText.escaped(quoted))\"" + (font.bold ? " font-weight=\"bold\"" : "")
    }

    /// ` fill="#rrggbb"`, plus ` fill-opacity` when the colour is not opaque.
    static func fill(_ color: SlideColor) -> String {
        " fill=\"\(color.hexRGB)\"" + (color.alpha < 255 ? " fill-opacity=\"\(number(color.opacity))\"" : "")
    }

    /// A coordinate with at most two decimals and never an exponent.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let fraction = magnitude % 100
        if fraction == 0 { return sign + String(magnitude / 100) }
        return sign + String(magnitude / 100) + "." + (fraction < 10 ? "0" : "") + String(fraction).replacing(#/0$/#, with: "")
    }
}
