/// An sRGB colour with alpha, as templates give it (`#rrggbb`, `#rrggbbaa`).
public struct VideoColor: Sendable, Equatable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8
    public var alpha: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8 = 255) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// The colour in BT.709 limited-range Y′CbCr, which is how the video is encoded and tagged.
    var yuv: YUVColor { YUVColor(red: Int(red), green: Int(green), blue: Int(blue)) }
}

/// One pixel's luma and chroma, BT.709, limited range (16…235 luma, 16…240 chroma).
struct YUVColor: Equatable {
    var y: UInt8
    var u: UInt8
    var v: UInt8

    init(y: UInt8, u: UInt8, v: UInt8) {
        self.y = y
        self.u = u
        self.v = v
    }

    init(red: Int, green: Int, blue: Int) {
        let r = Double(red)
        let g = Double(green)
        let b = Double(blue)
        let luma = 16 + (0.2126 * r + 0.7152 * g + 0.0722 * b) * 219 / 255
        let cb = 128 + (-0.1146 * r - 0.3854 * g + 0.5 * b) * 224 / 255
        let cr = 128 + (0.5 * r - 0.4542 * g - 0.0458 * b) * 224 / 255
        y = UInt8(clamping: Int(luma.rounded()))
        u = UInt8(clamping: Int(cb.rounded()))
        v = UInt8(clamping: Int(cr.rounded()))
    }
}
