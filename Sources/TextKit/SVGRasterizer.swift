import CRsvg

/// Renders SVG to PNG with librsvg onto a cairo ARGB32 image surface, for the platforms that do
/// not accept SVG. Each C object has one owner that frees it (``SVGDocument``, ``CairoCanvas``,
/// ``PNGOutput``); the PNG is written as `path.part`, synced, then renamed over `path`.
public enum SVGRasterizer {
    public static func writePNG(svg: [UInt8], width: Int, height: Int, to path: String) throws {
        guard (1...16384).contains(width), (1...16384).contains(height) else {
            throw TextKitError(.invalidSettings, "cannot render a \(width)×\(height) PNG: each side must be 1…16384 px")
        }
        let document = try SVGDocument(svg)
        let canvas = try CairoCanvas(width: width, height: height)
        try canvas.draw(document)
        let output = try PNGOutput(path: path)
        try canvas.writePNG(to: output)
        try output.finish()
    }

    /// Renders the UTF-8 of `svg`.
    public static func writePNG(svg: String, width: Int, height: Int, to path: String) throws {
        try writePNG(svg: Array(svg.utf8), width: width, height: height, to: path)
    }
}

/// Owner of an `RsvgHandle` parsed from memory (so the SVG cannot load files it names).
final class SVGDocument {
    let handle: UnsafeMutablePointer<RsvgHandle>

    init(_ bytes: [UInt8]) throws {
        var error: UnsafeMutablePointer<GError>?
        let handle = bytes.withUnsafeBufferPointer { rsvg_handle_new_from_data($0.baseAddress, gsize($0.count), &error) }
        guard let handle else {
            throw TextKitError(.renderFailed, "librsvg cannot parse the SVG: \(Self.consume(error))", function: "rsvg_handle_new_from_data")
        }
        self.handle = handle
    }

    deinit { ctk_rsvg_handle_free(handle) }

    /// The GError's message, freeing it.
    static func consume(_ error: UnsafeMutablePointer<GError>?) -> String {
        guard let error else { return "unknown error" }
        defer { g_error_free(error) }
        return error.pointee.message.map { String(cString: $0) } ?? "unknown error"
    }
}
