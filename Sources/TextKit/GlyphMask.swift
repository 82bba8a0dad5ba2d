/// An 8-bit coverage mask (0 = transparent, 255 = opaque), row-major, `width × height` bytes:
/// rendered text to composite in any colour over a video frame.
public struct GlyphMask: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var coverage: [UInt8]

    public init(width: Int, height: Int, coverage: [UInt8]) {
        precondition(coverage.count == width * height, "coverage must hold width × height bytes")
        self.width = width
        self.height = height
        self.coverage = coverage
    }

    /// A transparent mask.
    public init(width: Int, height: Int) {
        self.init(width: width, height: height, coverage: [UInt8](repeating: 0, count: width * height))
    }

    public subscript(x: Int, y: Int) -> UInt8 {
        get { coverage[y * width + x] }
        set { coverage[y * width + x] = newValue }
    }

    /// The smallest rectangle holding every non-zero byte, or nil when the mask is empty.
    public var inkBounds: (minX: Int, minY: Int, maxX: Int, maxY: Int)? {
        var minX = Int.max
        var minY = Int.max
        var maxX = -1
        var maxY = -1
        for y in 0..<height {
            let row = y * width
            for x in 0..<width where coverage[row + x] != 0 {
                minX = min(minX, x)
                maxX = max(maxX, x)
                minY = min(minY, y)
                maxY = max(maxY, y)
            }
        }
        return maxX < 0 ? nil : (minX, minY, maxX, maxY)
    }
}
