/// A rectangle of the video frame in pixels, origin at the top left.
public struct PixelRect: Sendable, Equatable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// This rectangle cut to a `width` × `height` frame and to even edges, since chroma covers
    /// 2×2 pixels in 4:2:0.
    func clipped(width frameWidth: Int, height frameHeight: Int) -> PixelRect {
        let left = max(0, min(x, frameWidth)) & ~1
        let top = max(0, min(y, frameHeight)) & ~1
        let right = max(left, min(x + width, frameWidth)) & ~1
        let bottom = max(top, min(y + height, frameHeight)) & ~1
        return PixelRect(x: left, y: top, width: right - left, height: bottom - top)
    }

    var isEmpty: Bool { width <= 0 || height <= 0 }
}
