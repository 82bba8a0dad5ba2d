import CFFmpeg

/// Owner of a libswscale `SwsContext` converting frames of one size and pixel format to
/// another, with BT.709 limited-range coefficients on the Y′CbCr side (how the video is tagged).
struct ScaleContext: ~Copyable {
    private let context: OpaquePointer

    init(
        from sourceWidth: Int, _ sourceHeight: Int, _ sourceFormat: AVPixelFormat,
        to width: Int, _ height: Int, _ format: AVPixelFormat
    ) throws(MediaError) {
        guard
            let context = sws_getContext(
                Int32(sourceWidth), Int32(sourceHeight), sourceFormat, Int32(width), Int32(height), format,
                SWS_BICUBIC | SWS_ACCURATE_RND, nil, nil, nil)
        else {
            throw MediaError(
                .invalidSettings, "sws_getContext: cannot convert \(sourceWidth)×\(sourceHeight) to \(width)×\(height)",
                function: "sws_getContext")
        }
        let coefficients = sws_getCoefficients(SWS_CS_ITU709)
        let sourceIsYUV = av_pix_fmt_desc_get(sourceFormat).pointee.flags & UInt64(AV_PIX_FMT_FLAG_RGB) == 0
        // Full range on the RGB side, limited on the Y′CbCr side; brightness 0, contrast and saturation 1.
        sws_setColorspaceDetails(context, coefficients, sourceIsYUV ? 0 : 1, coefficients, sourceIsYUV ? 1 : 0, 0, 1 << 16, 1 << 16)
        self.context = context
    }

    deinit { sws_freeContext(context) }

    /// Converts `source` into `target`, allocating `target`'s buffers when it has none.
    func scale(_ source: UnsafePointer<AVFrame>, into target: UnsafeMutablePointer<AVFrame>) throws(MediaError) {
        let status = sws_scale_frame(context, target, source)
        if status < 0 { throw MediaError(ffmpeg: status, function: "sws_scale_frame") }
    }
}
