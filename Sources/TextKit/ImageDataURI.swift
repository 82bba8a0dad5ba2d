import Foundation

/// A PNG, JPEG or SVG file as a `data:` URI, so a slide's SVG carries its images and renders the
/// same anywhere (librsvg also refuses to load files an SVG from memory refers to).
enum ImageDataURI {
    /// Images larger than this are refused: a slide background, not a photo archive.
    static let maxBytes = 32 << 20

    /// `data:image/png;base64,…` for the file at `path`; throws ``TextKitError/Code/imageUnreadable``
    /// when it cannot be read or is not PNG, JPEG or SVG (judged by its first bytes, not its name).
    static func make(path: String, allowSVG: Bool) throws -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw TextKitError(.imageUnreadable, "cannot read image \(path): \(error.localizedDescription)")
        }
        guard data.count <= maxBytes else {
            throw TextKitError(.imageUnreadable, "image \(path) is \(data.count) bytes; at most \(maxBytes) are accepted")
        }
        guard let type = mediaType(of: data), allowSVG || type != "image/svg+xml" else {
            let expected = allowSVG ? "PNG, JPEG or SVG" : "PNG or JPEG"
            throw TextKitError(.imageUnreadable, "image \(path) is not \(expected)")
        }
        return "data:\(type);base64," + data.base64EncodedString()
    }

    /// The media type from the file's signature.
    static func mediaType(of data: Data) -> String? {
        let head = [UInt8](data.prefix(512))
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        var text = String(decoding: head, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        text = text.trimmingSpaces
        if text.hasPrefix("<svg") || (text.hasPrefix("<?xml") && text.contains("<svg")) { return "image/svg+xml" }
        return nil
    }
}
