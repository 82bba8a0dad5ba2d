/// Splits a transcript into carousel slides.
///
/// Each slide holds whole lines that fit the text box at the style's size, measured with the
/// style's face. A slide ends where the next line would not fit; it ends earlier, after the last
/// sentence end on it, when that leaves the slide at least half full. A word too wide for the box
/// at the style's size starts a slide that is shrunk (in 1 px steps, not below
/// ``SlideStyle/minFontSize``) until it fits. Words are never dropped or reordered; only a word
/// too wide even at the minimum size (a long URL) is split into pieces that fit.
public struct CarouselPaginator {
    public let face: FontFace
    public let style: SlideStyle
    let layout: SlideLayout

    public init(face: FontFace, style: SlideStyle) {
        self.face = face
        self.style = style
        self.layout = SlideLayout(style: style)
    }

    /// Slides for the transcript's texts (its segments, in order). Characters XML forbids are
    /// dropped first, so what is measured is what the SVG shows. Empty input gives no slides.
    public func paginate(_ texts: [String]) -> [CarouselSlide] {
        let words = texts.flatMap { TextWrapper.words(of: XMLText.sanitized($0)) }.flatMap(pieces)
        var pages: [(words: ArraySlice<String>, lines: [String], size: Double)] = []
        var start = 0
        while start < words.count {
            let page = fillPage(words, from: start)
            pages.append(page)
            start = page.words.endIndex
        }
        return pages.enumerated().map { offset, page in
            let metrics = face.metrics(pixelSize: page.size)
            return CarouselSlide(
                index: offset + 1, count: pages.count, lines: page.lines, fontSize: page.size,
                text: page.words.joined(separator: " "), ascent: metrics.ascent, descent: metrics.descent)
        }
    }

    /// The slide starting at `words[start]`: at the style's size, or shrunk so its first word fits.
    private func fillPage(_ words: [String], from start: Int) -> (words: ArraySlice<String>, lines: [String], size: Double) {
        let size = largestSize(fitting: words[start])
        let capacity = max(1, layout.capacity(pixelSize: size, lineSpacing: style.lineSpacing, metrics: face.metrics(pixelSize: size)))
        let wrapper = TextWrapper(face: face, pixelSize: size, maxWidth: layout.textBox.width)
        var lines: [String] = []
        var linesAfter: [Int] = []  // lines used once words[start + n] is placed
        var end = start
        var full = false
        while end < words.count {
            let word = words[end]
            if let last = lines.last, wrapper.fits(last + " " + word) {
                lines[lines.count - 1] = last + " " + word
            } else if lines.count < capacity, lines.isEmpty || wrapper.fits(word) {
                lines.append(word)
            } else {
                full = lines.count >= capacity
                break  // the slide is full, or the next word needs a smaller size: it starts the next slide
            }
            linesAfter.append(lines.count)
            end += 1
        }
        if full, !Self.endsSentence(words[end - 1]) {
            // Prefer ending after the last sentence end that leaves the slide at least half full.
            for candidate in stride(from: end - 2, through: start, by: -1) where linesAfter[candidate - start] * 2 >= capacity {
                if Self.endsSentence(words[candidate]) {
                    end = candidate + 1
                    lines = wrapper.wrap(words: words[start..<end]).lines
                    break
                }
            }
        }
        return (words[start..<end], lines, size)
    }

    /// The style's size if `word` fits the box width at it, else the largest whole-pixel size
    /// down to the minimum at which it does (``pieces(_:)`` guarantees it fits at the minimum).
    private func largestSize(fitting word: String) -> Double {
        var size = style.fontSize
        while size > style.minFontSize, face.width(of: word, pixelSize: size) > layout.textBox.width {
            size = max(style.minFontSize, size - 1)
        }
        return size
    }

    /// `word` itself, or when it is wider than the box even at the minimum size, the longest
    /// leading runs of its characters that fit, one after another.
    private func pieces(_ word: Substring) -> [String] {
        let width = layout.textBox.width
        let word = String(word)
        guard face.width(of: word, pixelSize: style.minFontSize) > width else { return [word] }
        var pieces: [String] = []
        var piece = ""
        for character in word {
            if !piece.isEmpty, face.width(of: piece + String(character), pixelSize: style.minFontSize) > width {
                pieces.append(piece)
                piece = ""
            }
            piece.append(character)
        }
        if !piece.isEmpty { pieces.append(piece) }
        return pieces
    }

    /// Whether `word` ends a sentence: `.`, `!`, `?` or `…`, maybe followed by closing quotes or brackets.
    static func endsSentence(_ word: String) -> Bool {
        let closers: Set<Character> = ["\"", "'", "”", "’", ")", "]", "»", "*"]
        guard let last = word.reversed().first(where: { !closers.contains($0) }) else { return false }
        return [".", "!", "?", "…", "。", "！", "？"].contains(last)
    }
}
