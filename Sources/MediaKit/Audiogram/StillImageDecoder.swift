import CFFmpeg

/// Reads a still picture (PNG or JPEG) with libavformat and libavcodec and scales it to RGBA:
/// the background image and the logo of an audiogram.
enum StillImageDecoder {
    /// Demuxers a still picture may come through; nothing that reads playlists or the network.
    static let formatWhitelist = "image2,png_pipe,jpeg_pipe"

    /// Decodes the first picture of `path` and scales it to the size `size` picks from the
    /// picture's own width and height. Errors name `role` ("background image", "logo").
    static func rgba(path: String, role: String, size: (Int, Int) -> (Int, Int)) throws(MediaError) -> RGBAImage {
        var format: UnsafeMutablePointer<AVFormatContext>?
        var options: OpaquePointer?
        av_dict_set(&options, "format_whitelist", formatWhitelist, 0)
        let opened = avformat_open_input(&format, path, nil, &options)
        av_dict_free(&options)
        guard opened >= 0, let opened = format else {
            throw MediaError(ffmpeg: opened, function: "avformat_open_input", fallback: .unsupportedFormat, hint: "\(role) '\(path)'")
        }
        defer { avformat_close_input(&format) }
        return try decode(format: opened, role: role, path: path, size: size)
    }

    private static func decode(
        format: UnsafeMutablePointer<AVFormatContext>, role: String, path: String, size: (Int, Int) -> (Int, Int)
    ) throws(MediaError) -> RGBAImage {
        let found = avformat_find_stream_info(format, nil)
        if found < 0 { throw MediaError(ffmpeg: found, function: "avformat_find_stream_info", hint: "\(role) '\(path)'") }
        var decoder: UnsafePointer<AVCodec>?
        let index = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0)
        guard index >= 0, let decoder else {
            throw MediaError(.unsupportedFormat, "\(role) '\(path)' holds no picture")
        }
        var context = avcodec_alloc_context3(decoder)
        guard let codec = context else { throw .outOfMemory("avcodec_alloc_context3") }
        defer { avcodec_free_context(&context) }
        avcodec_parameters_to_context(codec, format.pointee.streams[Int(index)]!.pointee.codecpar)
        let status = avcodec_open2(codec, decoder, nil)
        if status < 0 { throw MediaError(ffmpeg: status, function: "avcodec_open2", hint: "\(role) '\(path)'") }
        let packet = try Packet()
        let picture = try Frame()
        try decodeFirst(format: format, stream: index, codec: codec, packet: packet, into: picture, role: role, path: path)
        let sourceWidth = Int(picture.raw.pointee.width)
        let sourceHeight = Int(picture.raw.pointee.height)
        guard sourceWidth > 0, sourceHeight > 0, sourceWidth <= 16384, sourceHeight <= 16384 else {
            throw MediaError(.invalidData, "\(role) '\(path)' is \(sourceWidth)×\(sourceHeight); at most 16384×16384")
        }
        let (width, height) = size(sourceWidth, sourceHeight)
        let scaler = try ScaleContext(
            from: sourceWidth, sourceHeight, AVPixelFormat(rawValue: picture.raw.pointee.format), to: width, height, AV_PIX_FMT_RGBA)
        let scaled = try Frame()
        scaled.raw.pointee.width = Int32(width)
        scaled.raw.pointee.height = Int32(height)
        scaled.raw.pointee.format = AV_PIX_FMT_RGBA.rawValue
        try scaler.scale(picture.raw, into: scaled.raw)
        var bytes = [UInt8](repeating: 0, count: width * height * 4)
        let stride = Int(scaled.raw.pointee.linesize.0)
        let data = scaled.raw.pointee.data.0!
        bytes.withUnsafeMutableBufferPointer { target in
            for row in 0..<height {
                (target.baseAddress! + row * width * 4).update(from: data + row * stride, count: width * 4)
            }
        }
        return RGBAImage(width: width, height: height, bytes: bytes)
    }

    private static func decodeFirst(
        format: UnsafeMutablePointer<AVFormatContext>, stream: Int32, codec: UnsafeMutablePointer<AVCodecContext>,
        packet: borrowing Packet, into picture: borrowing Frame, role: String, path: String
    ) throws(MediaError) {
        var draining = false
        while true {
            let received = avcodec_receive_frame(codec, picture.raw)
            if received >= 0 { return }
            if received != cff_averror_eagain() || draining {
                throw MediaError(ffmpeg: received, function: "avcodec_receive_frame", fallback: .invalidData, hint: "\(role) '\(path)'")
            }
            packet.unref()
            let read = av_read_frame(format, packet.raw)
            if read < 0 {
                draining = true
                avcodec_send_packet(codec, nil)
                continue
            }
            guard packet.raw.pointee.stream_index == stream else { continue }
            let sent = avcodec_send_packet(codec, packet.raw)
            if sent < 0 && sent != cff_averror_eagain() {
                throw MediaError(ffmpeg: sent, function: "avcodec_send_packet", fallback: .invalidData, hint: "\(role) '\(path)'")
            }
        }
    }
}
