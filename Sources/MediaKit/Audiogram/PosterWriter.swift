import CFFmpeg
import SystemPackage

/// Writes one video frame as a PNG (libswscale to RGB24, libavcodec's PNG encoder) through a
/// ``PartialFile``: the audiogram's poster.
enum PosterWriter {
    /// Returns the PNG's size in bytes.
    static func write(_ frame: UnsafePointer<AVFrame>, to path: FilePath) throws(MediaError) -> Int64 {
        let width = Int(frame.pointee.width)
        let height = Int(frame.pointee.height)
        let scaler = try ScaleContext(
            from: width, height, AVPixelFormat(rawValue: frame.pointee.format), to: width, height, AV_PIX_FMT_RGB24)
        let rgb = try Frame()
        rgb.raw.pointee.width = Int32(width)
        rgb.raw.pointee.height = Int32(height)
        rgb.raw.pointee.format = AV_PIX_FMT_RGB24.rawValue
        try scaler.scale(frame, into: rgb.raw)
        let encoder = try PictureEncoder(width: width, height: height)
        let packet = try Packet()
        try encoder.encode(rgb.raw, into: packet)
        let file = try PartialFile(finalPath: path)
        try file.write(UnsafeRawBufferPointer(start: packet.raw.pointee.data, count: Int(packet.raw.pointee.size)))
        let bytes = Int64(packet.raw.pointee.size)
        try file.finish()
        return bytes
    }
}

/// Owner of libavcodec's PNG encoder for RGB24 pictures of one size.
private struct PictureEncoder: ~Copyable {
    private let context: UnsafeMutablePointer<AVCodecContext>

    init(width: Int, height: Int) throws(MediaError) {
        guard let codec = avcodec_find_encoder(AV_CODEC_ID_PNG) else {
            throw MediaError(.encoder, "avcodec_find_encoder: this FFmpeg has no PNG encoder", function: "avcodec_find_encoder")
        }
        guard let context = avcodec_alloc_context3(codec) else { throw .outOfMemory("avcodec_alloc_context3") }
        context.pointee.width = Int32(width)
        context.pointee.height = Int32(height)
        context.pointee.pix_fmt = AV_PIX_FMT_RGB24
        context.pointee.time_base = AVRational(num: 1, den: 1)
        let status = avcodec_open2(context, codec, nil)
        if status < 0 {
            var owned: UnsafeMutablePointer<AVCodecContext>? = context
            avcodec_free_context(&owned)
            throw MediaError(ffmpeg: status, function: "avcodec_open2", fallback: .encoder, hint: "png")
        }
        self.context = context
    }

    deinit {
        var owned: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&owned)
    }

    func encode(_ picture: UnsafeMutablePointer<AVFrame>, into packet: borrowing Packet) throws(MediaError) {
        var status = avcodec_send_frame(context, picture)
        if status < 0 { throw MediaError(ffmpeg: status, function: "avcodec_send_frame", fallback: .encoder) }
        status = avcodec_receive_packet(context, packet.raw)
        if status < 0 { throw MediaError(ffmpeg: status, function: "avcodec_receive_packet", fallback: .encoder) }
    }
}
