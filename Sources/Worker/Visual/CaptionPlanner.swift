import MediaKit
import SpoolCore
import TextKit

/// One burned-in caption: its time, its lines as wrapped, and the size they were fitted at.
struct PlannedCaption: Sendable {
    var start: Double
    var end: Double
    var lines: [String]
    var pixelSize: Double
}

/// Turns transcript segments into captions that fit the caption area: each segment's text is
/// wrapped by the font's real glyph widths (never cut inside a word; a word too wide for the
/// area shrinks the text), and a segment longer than `maxLines` lines becomes several
/// captions, each on screen for a share of the segment's time in proportion to its characters.
struct CaptionPlanner {
    let face: FontFace
    let pixelSize: Double
    let minPixelSize: Double
    let maxWidth: Double
    let maxLines: Int

    func plan(_ segments: [TranscriptSegment]) -> [PlannedCaption] {
        var captions: [PlannedCaption] = []
        for segment in segments {
            let (lines, size) = wrap(segment.text)
            guard !lines.isEmpty else { continue }
            let chunks = stride(from: 0, to: lines.count, by: maxLines).map { Array(lines[$0..<min($0 + maxLines, lines.count)]) }
            let weights = chunks.map { Double(max($0.joined().count, 1)) }
            let total = weights.reduce(0, +)
            var start = segment.start
            let length = segment.end - segment.start
            for (chunk, weight) in zip(chunks, weights) {
                let end = min(segment.end, start + length * weight / total)
                captions.append(PlannedCaption(start: start, end: end, lines: chunk, pixelSize: size))
                start = end
            }
            captions[captions.count - 1].end = segment.end
        }
        return captions
    }

    /// The text's lines at the preferred size, or smaller when a word does not fit the width.
    private func wrap(_ text: String) -> (lines: [String], size: Double) {
        let wrapped = TextWrapper(face: face, pixelSize: pixelSize, maxWidth: maxWidth).wrap(text)
        if wrapped.fits { return (wrapped.lines, pixelSize) }
        let fitter = TextFitter(face: face)
        if let fitted = fitter.fit(text, maxWidth: maxWidth, maxLines: Int.max / 2, pixelSize: pixelSize, minPixelSize: minPixelSize) {
            return (fitted.lines, fitted.pixelSize)
        }
        let smallest = TextWrapper(face: face, pixelSize: minPixelSize, maxWidth: maxWidth).wrap(text)
        return (smallest.lines, minPixelSize)
    }
}
