import CRsvg

/// Owner of a cairo ARGB32 image surface and the context drawing on it.
final class CairoCanvas {
    let width: Int
    let height: Int
    private let surface: OpaquePointer
    private let context: OpaquePointer

    init(width: Int, height: Int) throws {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else {
            throw TextKitError(.renderFailed, "cairo could not create a \(width)×\(height) surface", function: "cairo_image_surface_create")
        }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw TextKitError(
                .renderFailed, "cairo could not create a \(width)×\(height) surface: \(Self.text(status))",
                function: "cairo_image_surface_create")
        }
        self.width = width
        self.height = height
        self.surface = surface
        self.context = context
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// Renders `document` scaled to fill the whole surface.
    func draw(_ document: SVGDocument) throws {
        var viewport = RsvgRectangle(x: 0, y: 0, width: Double(width), height: Double(height))
        var error: UnsafeMutablePointer<GError>?
        guard rsvg_handle_render_document(document.handle, context, &viewport, &error) != 0 else {
            throw TextKitError(
                .renderFailed, "librsvg could not render: \(SVGDocument.consume(error))", function: "rsvg_handle_render_document")
        }
        let status = cairo_status(context)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw TextKitError(.renderFailed, "cairo failed drawing the SVG: \(Self.text(status))", function: "cairo_status")
        }
        cairo_surface_flush(surface)
    }

    /// Encodes the surface as PNG into `output`.
    func writePNG(to output: PNGOutput) throws {
        let status = cairo_surface_write_to_png_stream(
            surface,
            { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                let output = Unmanaged<PNGOutput>.fromOpaque(closure).takeUnretainedValue()
                return output.write(UnsafeRawBufferPointer(start: data, count: Int(length)))
                    ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR
            }, Unmanaged.passUnretained(output).toOpaque())
        withExtendedLifetime(output) {}
        if let failure = output.failure { throw failure }
        guard status == CAIRO_STATUS_SUCCESS else {
            throw TextKitError(
                .writeFailed, "cairo could not encode the PNG: \(Self.text(status))", function: "cairo_surface_write_to_png_stream")
        }
    }

    static func text(_ status: cairo_status_t) -> String {
        cairo_status_to_string(status).map { String(cString: $0) } ?? "status \(status.rawValue)"
    }
}
