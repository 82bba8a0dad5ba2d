import Foundation

/// A PNG decoded by ffmpeg to RGBA bytes, and its header read by hand, to judge rendered slides.
struct RGBAImage {
    let width: Int
    let height: Int
    let bytes: [UInt8]

    /// Decodes `path`; the size comes from the PNG's IHDR chunk (see ``pngSize(_:)``).
    init(path: String) throws {
        let size = try Self.pngSize(path)
        width = size.width
        height = size.height
        bytes = [UInt8](try Tool.run(["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgba", "-"]))
    }

    /// Width and height from the IHDR chunk, which must follow the signature.
    static func pngSize(_ path: String) throws -> (width: Int, height: Int) {
        let head = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)).prefix(24))
        struct NotPNG: Error {}
        guard head.count == 24, head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
            Array(head[12..<16]) == Array("IHDR".utf8)
        else { throw NotPNG() }
        func integer(_ range: Range<Int>) -> Int { head[range].reduce(0) { $0 << 8 | Int($1) } }
        return (integer(16..<20), integer(20..<24))
    }

    func pixel(_ x: Int, _ y: Int) -> (r: UInt8, g: UInt8, b: UInt8, a: UInt8) {
        let offset = (y * width + x) * 4
        return (bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3])
    }

    /// Pixels in columns `columns` (all rows) that differ from `rgb` by more than `tolerance`.
    func pixels(inColumns columns: Range<Int>, differingFrom rgb: (UInt8, UInt8, UInt8), tolerance: Int = 2) -> [(Int, Int)] {
        var found: [(Int, Int)] = []
        for y in 0..<height {
            for x in columns {
                let p = pixel(x, y)
                if abs(Int(p.r) - Int(rgb.0)) > tolerance || abs(Int(p.g) - Int(rgb.1)) > tolerance
                    || abs(Int(p.b) - Int(rgb.2)) > tolerance || p.a != 255
                {
                    found.append((x, y))
                }
            }
        }
        return found
    }
}
