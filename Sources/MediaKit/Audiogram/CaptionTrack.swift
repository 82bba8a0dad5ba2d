import CFFmpeg

/// The soft caption track: a 3GPP timed-text (`mov_text`, `tx3g`) stream. libavcodec's
/// mov_text encoder, opened with a one-style ASS header, writes the track's sample description
/// (the stream's extradata); each caption is then a plain tx3g sample, a 16-bit big-endian
/// length and the UTF-8 text, written directly, so no character in a transcript is read as an
/// ASS override (`{\…}`, `\N`) the way the encoder's ASS parser would.
struct CaptionTrack: ~Copyable {
    private let context: UnsafeMutablePointer<AVCodecContext>

    /// Milliseconds, the track's time base.
    static let timeBase = AVRational(num: 1, den: 1000)

    private static let assHeader = """
        [Script Info]
        ScriptType: v4.00+
        PlayResX: 384
        PlayResY: 288

        [V4+ Styles]
        Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, \
        Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, \
        MarginV, Encoding
        Style: Default,Sans,18,&Hffffff,&Hffffff,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,0

        [Events]
        Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text

        """

    init(width: Int, height: Int) throws(MediaError) {
        guard let codec = avcodec_find_encoder(AV_CODEC_ID_MOV_TEXT) else {
            throw MediaError(.encoder, "avcodec_find_encoder: this FFmpeg has no mov_text encoder", function: "avcodec_find_encoder")
        }
        guard let context = avcodec_alloc_context3(codec) else { throw .outOfMemory("avcodec_alloc_context3") }
        context.pointee.time_base = Self.timeBase
        context.pointee.width = Int32(width)
        context.pointee.height = Int32(height)
        let header = Array(Self.assHeader.utf8)
        // avcodec_free_context frees subtitle_header, so it must come from av_malloc.
        if let copy = av_mallocz(header.count + 1)?.assumingMemoryBound(to: UInt8.self) {
            copy.update(from: header, count: header.count)
            context.pointee.subtitle_header = copy
            context.pointee.subtitle_header_size = Int32(header.count)
        }
        let status = avcodec_open2(context, codec, nil)
        if status < 0 {
            var owned: UnsafeMutablePointer<AVCodecContext>? = context
            avcodec_free_context(&owned)
            throw MediaError(ffmpeg: status, function: "avcodec_open2", fallback: .encoder, hint: "mov_text")
        }
        self.context = context
    }

    deinit {
        var owned: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&owned)
    }

    func copyParameters(to parameters: UnsafeMutablePointer<AVCodecParameters>) -> Int32 {
        avcodec_parameters_from_context(parameters, context)
    }

    /// Adds a caption stream to `muxer` and returns its index. The encoder is needed only for
    /// the track's sample description, so it is closed again at once.
    static func addStream(to muxer: inout FormatOutput, width: Int, height: Int) throws(MediaError) -> Int {
        let track = try CaptionTrack(width: width, height: height)
        let index = try muxer.addStream(timeBase: timeBase) { track.copyParameters(to: $0) }
        try muxer.setStreamMetadata("language", "und", stream: index)
        try muxer.setStreamMetadata("handler_name", "Captions", stream: index)
        return index
    }

    /// Fills `packet` with `caption` from `startMs` for `durationMs` (in ``timeBase``).
    static func fill(_ packet: borrowing Packet, text: String, startMs: Int64, durationMs: Int64) throws(MediaError) {
        packet.unref()
        let sample = Self.sample(text)
        let status = av_new_packet(packet.raw, Int32(sample.count))
        if status < 0 { throw MediaError(ffmpeg: status, function: "av_new_packet") }
        packet.raw.pointee.data.update(from: sample, count: sample.count)
        packet.raw.pointee.pts = startMs
        packet.raw.pointee.dts = startMs
        packet.raw.pointee.duration = durationMs
        packet.raw.pointee.flags |= AV_PKT_FLAG_KEY
    }

    /// A tx3g sample: the text's byte count (16 bits, big-endian) and the text, cut at a
    /// character boundary to fit.
    static func sample(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars {
            let encoded = Array(String(scalar).utf8)
            if bytes.count + encoded.count > Int(UInt16.max) { break }
            bytes += encoded
        }
        return [UInt8(bytes.count >> 8), UInt8(bytes.count & 0xff)] + bytes
    }
}
