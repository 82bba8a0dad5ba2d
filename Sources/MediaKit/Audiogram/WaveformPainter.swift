#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Draws the audio of each video frame into the waveform rectangle.
///
/// `bars`: the loudness (RMS, on a 54 dB scale) of each frame's audio is a bar; the newest bar
/// stands in the middle and older ones move outwards on both sides, mirrored up and down, so
/// what is heard now is what is drawn in the middle now. `wave`: the samples of the frame's
/// audio, column by column, as a filled line around the middle.
struct WaveformPainter {
    private let style: WaveformStyle
    private let rect: PixelRect
    private let color: VideoColor
    /// Bar levels 0…1, newest first.
    private var levels: [Float]
    private var columns: [(low: Float, high: Float)]
    private let barWidth: Int
    private let barGap: Int

    static let floorDB: Float = -54

    init(style: WaveformStyle, rect: PixelRect, color: VideoColor, frameWidth: Int, frameHeight: Int) {
        self.style = style
        self.rect = rect.clipped(width: frameWidth, height: frameHeight)
        self.color = color
        barWidth = max(2, (self.rect.width / 80) & ~1)
        barGap = max(2, (barWidth / 2) & ~1)
        let perSide = self.rect.width / 2 / (barWidth + barGap) + 1
        levels = [Float](repeating: 0, count: perSide)
        columns = [(low: Float, high: Float)](repeating: (0, 0), count: max(self.rect.width / 2, 1))
    }

    /// Takes the mono samples of one video frame.
    mutating func push(_ samples: UnsafeBufferPointer<Float>) {
        switch style {
        case .bars:
            var sum: Float = 0
            for sample in samples { sum += sample * sample }
            let rms = samples.isEmpty ? 0 : (sum / Float(samples.count)).squareRoot()
            let decibels = 20 * log10(max(rms, 1e-6))
            let level = min(max((decibels - Self.floorDB) / -Self.floorDB, 0), 1)
            levels.removeLast()
            levels.insert(level, at: 0)
        case .wave:
            let count = columns.count
            for column in 0..<count {
                let from = samples.count * column / count
                let to = max(from + 1, samples.count * (column + 1) / count)
                var low: Float = 0
                var high: Float = 0
                if from < samples.count {
                    for index in from..<min(to, samples.count) {
                        low = min(low, samples[index])
                        high = max(high, samples[index])
                    }
                }
                columns[column] = (low, high)
            }
        case .none:
            break
        }
    }

    func draw(on canvas: FrameCanvas) {
        guard !rect.isEmpty else { return }
        let middle = rect.y + rect.height / 2
        switch style {
        case .bars:
            let centre = rect.x + rect.width / 2 - barWidth / 2
            let halfHeight = rect.height / 2
            for (age, level) in levels.enumerated() {
                let half = max(1, Int(level * Float(halfHeight)))
                let offset = age * (barWidth + barGap)
                let top = middle - half
                for x in age == 0 ? [centre] : [centre - offset, centre + offset] {
                    canvas.fill(
                        PixelRect(x: x, y: top, width: barWidth, height: 2 * half + 2).clipped(width: canvas.width, height: canvas.height)
                            .intersection(rect), color: color)
                }
            }
        case .wave:
            let scale = Float(rect.height / 2) * 2  // speech peaks near 0.5 fill the height
            for (column, range) in columns.enumerated() {
                let high = min(Int(range.high * scale), rect.height / 2)
                let low = min(Int(-range.low * scale), rect.height / 2)
                let top = middle - max(high, 1)
                canvas.fill(PixelRect(x: rect.x + column * 2, y: top, width: 2, height: max(high, 1) + max(low, 1) + 1), color: color)
            }
        case .none:
            break
        }
    }
}

extension PixelRect {
    /// The part of this rectangle inside `other`.
    func intersection(_ other: PixelRect) -> PixelRect {
        let left = max(x, other.x)
        let top = max(y, other.y)
        let right = min(x + width, other.x + other.width)
        let bottom = min(y + height, other.y + other.height)
        return PixelRect(x: left, y: top, width: max(0, right - left), height: max(0, bottom - top))
    }
}
