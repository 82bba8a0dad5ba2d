import CFFmpeg

#if canImport(Glibc)
    import Glibc
#endif

/// Owner of an opened libx264 `AVCodecContext` for 4:2:0 frames, with the same send/receive
/// model as ``AudioEncoderContext``. Frames are tagged BT.709, limited range, as they are drawn.
struct VideoEncoderContext: ~Copyable {
    private let context: UnsafeMutablePointer<AVCodecContext>

    /// Opens libx264 for `width` × `height` at `fps`, with x264's `preset` and `crf`.
    init(width: Int, height: Int, fps: Int, preset: String, crf: Int, keyframeInterval: Int, globalHeader: Bool) throws(MediaError) {
        guard let codec = avcodec_find_encoder_by_name("libx264") else {
            throw MediaError(
                .encoder, "avcodec_find_encoder_by_name: this FFmpeg has no 'libx264' encoder (install Debian's libavcodec59)",
                function: "avcodec_find_encoder_by_name")
        }
        guard let context = avcodec_alloc_context3(codec) else { throw .outOfMemory("avcodec_alloc_context3") }
        context.pointee.width = Int32(width)
        context.pointee.height = Int32(height)
        context.pointee.pix_fmt = AV_PIX_FMT_YUV420P
        context.pointee.time_base = AVRational(num: 1, den: Int32(fps))
        context.pointee.framerate = AVRational(num: Int32(fps), den: 1)
        context.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
        context.pointee.gop_size = Int32(keyframeInterval)
        context.pointee.color_primaries = AVCOL_PRI_BT709
        context.pointee.color_trc = AVCOL_TRC_BT709
        context.pointee.colorspace = AVCOL_SPC_BT709
        context.pointee.color_range = AVCOL_RANGE_MPEG
        if globalHeader { context.pointee.flags |= cff_codec_flag_global_header() }
        // x264's own choice (1.5 threads per core), but at most 8: each thread costs stacks and a
        // malloc arena of address space, which the worker's RLIMIT_AS counts.
        let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        context.pointee.thread_count = Int32(min(8, cores + cores / 2))
        var options: OpaquePointer?
        av_dict_set(&options, "preset", preset, 0)
        av_dict_set(&options, "crf", String(crf), 0)
        let status = avcodec_open2(context, codec, &options)
        let ignored = av_dict_count(options)
        av_dict_free(&options)
        if status < 0 || ignored > 0 {
            var owned: UnsafeMutablePointer<AVCodecContext>? = context
            avcodec_free_context(&owned)
            if status < 0 {
                throw MediaError(
                    ffmpeg: status, function: "avcodec_open2", fallback: .invalidSettings,
                    hint: "libx264 refused \(width)×\(height) at \(fps) fps, preset \(preset), crf \(crf)")
            }
            throw MediaError(.internal, "avcodec_open2: libx264 ignored \(ignored) of its options", function: "avcodec_open2")
        }
        self.context = context
    }

    deinit {
        var owned: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&owned)
    }

    var timeBase: AVRational { context.pointee.time_base }
    var codecName: String { String(cString: avcodec_get_name(context.pointee.codec_id)) }

    func copyParameters(to parameters: UnsafeMutablePointer<AVCodecParameters>) -> Int32 {
        avcodec_parameters_from_context(parameters, context)
    }

    /// Gives `frame` this encoder's size and pixel format and allocates its planes.
    func allocate(_ frame: borrowing Frame) throws(MediaError) {
        frame.raw.pointee.width = context.pointee.width
        frame.raw.pointee.height = context.pointee.height
        frame.raw.pointee.format = context.pointee.pix_fmt.rawValue
        frame.raw.pointee.color_primaries = context.pointee.color_primaries
        frame.raw.pointee.color_trc = context.pointee.color_trc
        frame.raw.pointee.colorspace = context.pointee.colorspace
        frame.raw.pointee.color_range = context.pointee.color_range
        let status = av_frame_get_buffer(frame.raw, 0)
        if status < 0 { throw MediaError(ffmpeg: status, function: "av_frame_get_buffer") }
    }

    /// Sends a frame, or the end of the stream for `nil`.
    func send(_ frame: UnsafeMutablePointer<AVFrame>?) throws(MediaError) {
        let status = avcodec_send_frame(context, frame)
        if status < 0 { throw MediaError(ffmpeg: status, function: "avcodec_send_frame", fallback: .encoder) }
    }

    /// Receives the next encoded packet into `packet`.
    func receive(into packet: borrowing Packet) throws(MediaError) -> AudioEncoderContext.Received {
        packet.unref()
        let status = avcodec_receive_packet(context, packet.raw)
        if status == cff_averror_eagain() { return .needsInput }
        if status == cff_averror_eof() { return .endOfStream }
        if status < 0 { throw MediaError(ffmpeg: status, function: "avcodec_receive_packet", fallback: .encoder) }
        return .packet
    }
}
