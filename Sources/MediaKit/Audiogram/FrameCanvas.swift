import CFFmpeg

/// Drawing on a writable 4:2:0 `AVFrame` (borrowed; the caller keeps the frame): copy the still
/// plate, fill rectangles, blend caption coverage. Rectangles are clipped to the frame and to
/// even edges.
struct FrameCanvas {
    private let planes: (UnsafeMutablePointer<UInt8>, UnsafeMutablePointer<UInt8>, UnsafeMutablePointer<UInt8>)
    private let strides: (Int, Int, Int)
    let width: Int
    let height: Int

    init(frame: UnsafeMutablePointer<AVFrame>) {
        planes = (frame.pointee.data.0!, frame.pointee.data.1!, frame.pointee.data.2!)
        strides = (Int(frame.pointee.linesize.0), Int(frame.pointee.linesize.1), Int(frame.pointee.linesize.2))
        width = Int(frame.pointee.width)
        height = Int(frame.pointee.height)
    }

    /// Copies `plate` (the frame's size) over the whole frame.
    func copy(_ plate: PlanarImage) {
        plate.luma.withUnsafeBufferPointer { luma in
            for row in 0..<height { (planes.0 + row * strides.0).update(from: luma.baseAddress! + row * width, count: width) }
        }
        let chromaWidth = width / 2
        plate.cb.withUnsafeBufferPointer { cb in
            plate.cr.withUnsafeBufferPointer { cr in
                for row in 0..<height / 2 {
                    (planes.1 + row * strides.1).update(from: cb.baseAddress! + row * chromaWidth, count: chromaWidth)
                    (planes.2 + row * strides.2).update(from: cr.baseAddress! + row * chromaWidth, count: chromaWidth)
                }
            }
        }
    }

    /// Fills `rect` with `color`, blended at its alpha.
    func fill(_ rect: PixelRect, color: VideoColor) {
        let area = rect.clipped(width: width, height: height)
        guard !area.isEmpty, color.alpha > 0 else { return }
        let yuv = color.yuv
        let alpha = Int(color.alpha)
        if alpha == 255 {
            for row in area.y..<(area.y + area.height) {
                (planes.0 + row * strides.0 + area.x).update(repeating: yuv.y, count: area.width)
            }
            for row in (area.y / 2)..<((area.y + area.height) / 2) {
                (planes.1 + row * strides.1 + area.x / 2).update(repeating: yuv.u, count: area.width / 2)
                (planes.2 + row * strides.2 + area.x / 2).update(repeating: yuv.v, count: area.width / 2)
            }
            return
        }
        for row in area.y..<(area.y + area.height) {
            let line = planes.0 + row * strides.0
            for x in area.x..<(area.x + area.width) { line[x] = PlanarImage.mix(line[x], yuv.y, alpha) }
        }
        for row in (area.y / 2)..<((area.y + area.height) / 2) {
            let cb = planes.1 + row * strides.1
            let cr = planes.2 + row * strides.2
            for x in (area.x / 2)..<((area.x + area.width) / 2) {
                cb[x] = PlanarImage.mix(cb[x], yuv.u, alpha)
                cr[x] = PlanarImage.mix(cr[x], yuv.v, alpha)
            }
        }
    }

    /// Blends `bitmap` in `color` with its top-left corner at (`x`, `y`) (even), coverage as alpha.
    func blend(_ bitmap: CaptionBitmap, x: Int, y: Int, color: VideoColor) {
        let yuv = color.yuv
        let originX = x & ~1
        let originY = y & ~1
        bitmap.coverage.withUnsafeBufferPointer { coverage in
            for row in 0..<bitmap.height {
                let frameY = originY + row
                guard frameY >= 0, frameY < height else { continue }
                let line = planes.0 + frameY * strides.0
                let source = coverage.baseAddress! + row * bitmap.width
                for column in 0..<bitmap.width {
                    let alpha = Int(source[column])
                    let frameX = originX + column
                    guard alpha > 0, frameX >= 0, frameX < width else { continue }
                    line[frameX] = PlanarImage.mix(line[frameX], yuv.y, alpha)
                }
            }
            // Chroma: the strongest coverage of each 2×2 block.
            for row in stride(from: 0, to: bitmap.height, by: 2) {
                let frameY = originY + row
                guard frameY >= 0, frameY < height else { continue }
                let cb = planes.1 + (frameY / 2) * strides.1
                let cr = planes.2 + (frameY / 2) * strides.2
                let top = coverage.baseAddress! + row * bitmap.width
                let hasBelow = row + 1 < bitmap.height
                for column in stride(from: 0, to: bitmap.width, by: 2) {
                    let frameX = originX + column
                    guard frameX >= 0, frameX < width else { continue }
                    var alpha = Int(top[column])
                    if column + 1 < bitmap.width { alpha = max(alpha, Int(top[column + 1])) }
                    if hasBelow {
                        alpha = max(alpha, Int(top[bitmap.width + column]))
                        if column + 1 < bitmap.width { alpha = max(alpha, Int(top[bitmap.width + column + 1])) }
                    }
                    guard alpha > 0 else { continue }
                    cb[frameX / 2] = PlanarImage.mix(cb[frameX / 2], yuv.u, alpha)
                    cr[frameX / 2] = PlanarImage.mix(cr[frameX / 2], yuv.v, alpha)
                }
            }
        }
    }
}
