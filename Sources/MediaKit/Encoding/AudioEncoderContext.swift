import CFFmpeg

/// Owner of an opened `AVCodecContext` encoding audio, with the send/receive model of
/// [avcodec_send_frame](https://ffmpeg.org/doxygen/5.1/group__lavc__encoding.html): a frame is
/// sent, packets are received until `EAGAIN`; at the end a `NULL` frame drains the encoder.
struct AudioEncoderContext: ~Copyable {
    private let context: UnsafeMutablePointer<AVCodecContext>
    private let codec: UnsafePointer<AVCodec>

    /// The outcome of ``receive(into:)``.
    enum Received { case packet, needsInput, endOfStream }

    /// Opens encoder `name` (`aac`, `libopus`, `flac`, `pcm_s16le`, …) for `sampleFormat` at
    /// `sampleRate` with `channels` in their default layout. `bitsPerRawSample` tells FLAC how
    /// many bits of an `s32` sample are real (24).
    init(
        name: String, sampleFormat: AVSampleFormat, sampleRate: Int, channels: Int, bitRate: Int?,
        bitsPerRawSample: Int?, globalHeader: Bool
    ) throws(MediaError) {
        guard let codec = avcodec_find_encoder_by_name(name) else {
            throw MediaError(
                .encoder, "avcodec_find_encoder_by_name: this FFmpeg has no '\(name)' encoder",
                function: "avcodec_find_encoder_by_name")
        }
        guard Self.supports(codec, sampleFormat) else {
            throw MediaError(.internal, "encoder '\(name)' does not take \(String(cString: av_get_sample_fmt_name(sampleFormat)))")
        }
        guard let context = avcodec_alloc_context3(codec) else { throw .outOfMemory("avcodec_alloc_context3") }
        context.pointee.sample_fmt = sampleFormat
        context.pointee.sample_rate = Int32(sampleRate)
        av_channel_layout_default(&context.pointee.ch_layout, Int32(channels))
        context.pointee.time_base = AVRational(num: 1, den: Int32(sampleRate))
        if let bitRate { context.pointee.bit_rate = Int64(bitRate) }
        if let bitsPerRawSample { context.pointee.bits_per_raw_sample = Int32(bitsPerRawSample) }
        if globalHeader { context.pointee.flags |= cff_codec_flag_global_header() }
        let status = avcodec_open2(context, codec, nil)
        if status < 0 {
            var owned: UnsafeMutablePointer<AVCodecContext>? = context
            avcodec_free_context(&owned)
            throw MediaError(
                ffmpeg: status, function: "avcodec_open2", fallback: .invalidSettings,
                hint: "encoder '\(name)' refused \(sampleRate) Hz, \(channels) channel(s)")
        }
        self.context = context
        self.codec = codec
    }

    deinit {
        var owned: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&owned)
    }

    private static func supports(_ codec: UnsafePointer<AVCodec>, _ format: AVSampleFormat) -> Bool {
        guard var formats = codec.pointee.sample_fmts else { return true }
        while formats.pointee != AV_SAMPLE_FMT_NONE {
            if formats.pointee == format { return true }
            formats += 1
        }
        return false
    }

    /// The codec's name, e.g. `aac`, `opus` (not `libopus`), `pcm_s16le`.
    var codecName: String { String(cString: avcodec_get_name(context.pointee.codec_id)) }
    var timeBase: AVRational { context.pointee.time_base }
    var sampleFormat: AVSampleFormat { context.pointee.sample_fmt }
    var sampleRate: Int { Int(context.pointee.sample_rate) }
    var channels: Int { Int(context.pointee.ch_layout.nb_channels) }

    /// Samples per channel in every frame but the last; `nil` when frames may have any size (PCM).
    var frameSize: Int? {
        let variable = codec.pointee.capabilities & Int32(cff_codec_cap_variable_frame_size()) != 0
        return variable || context.pointee.frame_size <= 0 ? nil : Int(context.pointee.frame_size)
    }

    /// Whether the last frame may be shorter than ``frameSize``.
    var acceptsShortLastFrame: Bool { codec.pointee.capabilities & Int32(cff_codec_cap_small_last_frame()) != 0 }

    /// Copies the opened encoder's parameters (extradata included) to a stream.
    func copyParameters(to parameters: UnsafeMutablePointer<AVCodecParameters>) -> Int32 {
        avcodec_parameters_from_context(parameters, context)
    }

    /// Sets up `frame` for ``frameSize`` samples of this encoder's format, rate and layout.
    func allocate(_ frame: borrowing Frame, samples: Int) throws(MediaError) {
        frame.raw.pointee.nb_samples = Int32(samples)
        frame.raw.pointee.format = context.pointee.sample_fmt.rawValue
        frame.raw.pointee.sample_rate = context.pointee.sample_rate
        let copied = av_channel_layout_copy(&frame.raw.pointee.ch_layout, &context.pointee.ch_layout)
        if copied < 0 { throw MediaError(ffmpeg: copied, function: "av_channel_layout_copy") }
        let status = av_frame_get_buffer(frame.raw, 0)
        if status < 0 { throw MediaError(ffmpeg: status, function: "av_frame_get_buffer") }
    }

    /// Sends a frame, or the end of the stream for `nil`.
    func send(_ frame: UnsafeMutablePointer<AVFrame>?) throws(MediaError) {
        let status = avcodec_send_frame(context, frame)
        if status < 0 { throw MediaError(ffmpeg: status, function: "avcodec_send_frame", fallback: .encoder) }
    }

    /// Receives the next encoded packet into `packet`.
    func receive(into packet: borrowing Packet) throws(MediaError) -> Received {
        packet.unref()
        let status = avcodec_receive_packet(context, packet.raw)
        if status == cff_averror_eagain() { return .needsInput }
        if status == cff_averror_eof() { return .endOfStream }
        if status < 0 { throw MediaError(ffmpeg: status, function: "avcodec_receive_packet", fallback: .encoder) }
        return .packet
    }
}
