/// A 4:2:0 picture held in Swift arrays: the audiogram's still layers (background colour or
/// image, logo), composed once and copied into every frame.
struct PlanarImage {
    let width: Int
    let height: Int
    var luma: [UInt8]
    var cb: [UInt8]
    var cr: [UInt8]

    var chromaWidth: Int { width / 2 }
    var chromaHeight: Int { height / 2 }

    init(width: Int, height: Int, fill: YUVColor) {
        self.width = width
        self.height = height
        luma = [UInt8](repeating: fill.y, count: width * height)
        cb = [UInt8](repeating: fill.u, count: (width / 2) * (height / 2))
        cr = [UInt8](repeating: fill.v, count: (width / 2) * (height / 2))
    }

    /// Draws RGBA pixels (`source`, `sourceWidth` wide, straight alpha) with their alpha into
    /// `rect`, reading the source from (`offsetX`, `offsetY`). Chroma takes the top-left pixel of
    /// each 2×2 block.
    mutating func blend(rgba source: RGBAImage, offsetX: Int = 0, offsetY: Int = 0, into rect: PixelRect) {
        let area = rect.clipped(width: width, height: height)
        guard !area.isEmpty else { return }
        for row in 0..<area.height {
            let sourceY = row + offsetY + (area.y - rect.y)
            guard sourceY >= 0, sourceY < source.height else { continue }
            for column in 0..<area.width {
                let sourceX = column + offsetX + (area.x - rect.x)
                guard sourceX >= 0, sourceX < source.width else { continue }
                let pixel = source.pixel(x: sourceX, y: sourceY)
                guard pixel.alpha > 0 else { continue }
                let color = YUVColor(red: Int(pixel.red), green: Int(pixel.green), blue: Int(pixel.blue))
                let alpha = Int(pixel.alpha)
                let x = area.x + column
                let y = area.y + row
                luma[y * width + x] = Self.mix(luma[y * width + x], color.y, alpha)
                if x % 2 == 0 && y % 2 == 0 {
                    let index = (y / 2) * chromaWidth + x / 2
                    cb[index] = Self.mix(cb[index], color.u, alpha)
                    cr[index] = Self.mix(cr[index], color.v, alpha)
                }
            }
        }
    }

    /// `under` covered by `over` at `alpha` (0…255).
    @inline(__always)
    static func mix(_ under: UInt8, _ over: UInt8, _ alpha: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: (Int(under) * (255 - alpha) + Int(over) * alpha + 127) / 255)
    }
}

/// Decoded RGBA pixels, straight alpha, row-major.
struct RGBAImage {
    let width: Int
    let height: Int
    var bytes: [UInt8]

    func pixel(x: Int, y: Int) -> VideoColor {
        let index = (y * width + x) * 4
        return VideoColor(red: bytes[index], green: bytes[index + 1], blue: bytes[index + 2], alpha: bytes[index + 3])
    }
}
