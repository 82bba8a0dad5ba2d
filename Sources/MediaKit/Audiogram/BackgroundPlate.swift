/// The still layers of an audiogram, composed once: the background colour, the background
/// image scaled to cover the frame (centred, cropped, never stretched) and the logo scaled to
/// fit its rectangle (centred, aspect kept), blended with its alpha.
enum BackgroundPlate {
    static func compose(_ request: AudiogramRequest) throws(MediaError) -> PlanarImage {
        let width = request.width
        let height = request.height
        var plate = PlanarImage(width: width, height: height, fill: request.backgroundColor.yuv)
        if let path = request.backgroundImage {
            let picture = try StillImageDecoder.rgba(path: path.string, role: "background image") { sourceWidth, sourceHeight in
                let scale = max(Double(width) / Double(sourceWidth), Double(height) / Double(sourceHeight))
                return (
                    max(width, Int((Double(sourceWidth) * scale).rounded(.up))),
                    max(height, Int((Double(sourceHeight) * scale).rounded(.up)))
                )
            }
            plate.blend(
                rgba: picture, offsetX: (picture.width - width) / 2, offsetY: (picture.height - height) / 2,
                into: PixelRect(x: 0, y: 0, width: width, height: height))
        }
        let box = request.logoRect
        if let path = request.logo, !box.isEmpty {
            var fitted = box
            let picture = try StillImageDecoder.rgba(path: path.string, role: "logo") { sourceWidth, sourceHeight in
                let scale = min(Double(box.width) / Double(sourceWidth), Double(box.height) / Double(sourceHeight))
                let size = (max(1, Int(Double(sourceWidth) * scale)), max(1, Int(Double(sourceHeight) * scale)))
                fitted = PixelRect(x: box.x + (box.width - size.0) / 2, y: box.y + (box.height - size.1) / 2, width: size.0, height: size.1)
                return size
            }
            plate.blend(rgba: picture, into: fitted)
        }
        return plate
    }
}
