import MediaKit
import SpoolCore

/// Where things go on an audiogram frame, from the style's size and caption position: the
/// captions take a band of about 30 % of the height (top, middle or bottom), the waveform a band
/// clear of it, the logo a corner box an eighth of the height tall.
struct AudiogramLayout {
    let waveform: PixelRect
    let captions: PixelRect
    let logo: PixelRect

    init(style: ResolvedStyle) {
        let width = style.width
        let height = style.height
        let margin = (min(width, height) / 20) & ~1
        func band(_ top: Double, _ share: Double, inset: Int) -> PixelRect {
            PixelRect(x: inset, y: Int(Double(height) * top) & ~1, width: width - 2 * inset, height: Int(Double(height) * share) & ~1)
        }
        switch style.captionPosition {
        case .bottom:
            captions = band(0.64, 0.30, inset: margin)
            waveform = band(0.24, 0.34, inset: 0)
        case .top:
            captions = band(0.06, 0.30, inset: margin)
            waveform = band(0.44, 0.34, inset: 0)
        case .middle:
            captions = band(0.35, 0.30, inset: margin)
            waveform = band(0.70, 0.22, inset: 0)
        }
        let side = (height / 8) & ~1
        let right = width - margin - side
        let bottom = height - margin - side
        switch style.logoPosition {
        case .topLeft: logo = PixelRect(x: margin, y: margin, width: side, height: side)
        case .topRight: logo = PixelRect(x: right, y: margin, width: side, height: side)
        case .bottomLeft: logo = PixelRect(x: margin, y: bottom, width: side, height: side)
        case .bottomRight: logo = PixelRect(x: right, y: bottom, width: side, height: side)
        }
    }

    /// Caption lines that fit the caption band at `pixelSize` (1.2 line spacing), at least 1, at most 3.
    func maxLines(pixelSize: Double) -> Int {
        min(3, max(1, Int(Double(captions.height) / (pixelSize * 1.2))))
    }
}
