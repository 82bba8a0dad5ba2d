/// Text fitted into a box: its lines and the pixel size they were wrapped at.
public struct FittedText: Sendable, Equatable {
    public var lines: [String]
    public var pixelSize: Double

    public init(lines: [String], pixelSize: Double) {
        self.lines = lines
        self.pixelSize = pixelSize
    }
}

/// Fits text into a box of `maxWidth` × `maxLines`: wraps at the requested size, and when a word
/// does not fit the width or the lines do not fit `maxLines`, shrinks the size step by step down
/// to the minimum; reports failure (`nil`) if even that does not fit. Captions use it so a long
/// word or a long segment shrinks instead of spilling off the frame.
public struct TextFitter {
    public let face: FontFace
    /// How much smaller each try is, in pixels (the last try is exactly the minimum size).
    public let step: Double

    public init(face: FontFace, step: Double = 1) {
        self.face = face
        self.step = max(step, 0.25)
    }

    /// The largest size from `pixelSize` down to `minPixelSize`, in ``step``s, at which `text`
    /// wraps into at most `maxLines` lines none wider than `maxWidth`; `nil` when none does (or
    /// the arguments are not positive). Empty text fits at `pixelSize` with no lines.
    public func fit(_ text: String, maxWidth: Double, maxLines: Int, pixelSize: Double, minPixelSize: Double) -> FittedText? {
        guard maxWidth > 0, maxLines > 0, pixelSize > 0, minPixelSize > 0 else { return nil }
        let words = TextWrapper.words(of: text)
        guard !words.isEmpty else { return FittedText(lines: [], pixelSize: pixelSize) }
        var size = pixelSize
        while true {
            let wrapped = TextWrapper(face: face, pixelSize: size, maxWidth: maxWidth).wrap(words: words)
            if wrapped.fits, wrapped.lines.count <= maxLines { return FittedText(lines: wrapped.lines, pixelSize: size) }
            if size <= minPixelSize { return nil }
            size = max(minPixelSize, size - step)
        }
    }
}
