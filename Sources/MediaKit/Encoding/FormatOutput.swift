import CFFmpeg
import SystemPackage

/// Owner of an output `AVFormatContext` writing through a custom `AVIOContext` (and that
/// context's buffer) into a ``PartialFile``'s descriptor. Streams are added after `init`: one
/// audio stream for the audio formats, video, audio and captions for an audiogram.
///
/// The context's URL is the `.part` path, because the mov muxer's `+faststart` reopens the file
/// by its URL to move `moov` in front of `mdat`. See
/// [avformat_write_header](https://ffmpeg.org/doxygen/5.1/group__lavf__encoding.html).
struct FormatOutput: ~Copyable {
    private let context: UnsafeMutablePointer<AVFormatContext>
    private let io: UnsafeMutablePointer<AVIOContext>
    private let target: OutputTarget
    /// The streams in the order they were added (borrowed from the context).
    private var streams: [UnsafeMutablePointer<AVStream>] = []

    private static let ioBufferSize: Int32 = 64 * 1024

    /// Whether `muxer` wants codec headers in extradata (`AV_CODEC_FLAG_GLOBAL_HEADER`), which
    /// the encoder must know before it opens.
    static func wantsGlobalHeader(muxer: String) throws(MediaError) -> Bool {
        guard let format = av_guess_format(muxer, nil, nil) else {
            throw MediaError(.encoder, "av_guess_format: this FFmpeg has no '\(muxer)' muxer", function: "av_guess_format")
        }
        return format.pointee.flags & cff_avfmt_globalheader() != 0
    }

    /// Sets up `muxer` writing to `descriptor` (the `.part` at `path`), with no streams yet.
    init(muxer: String, path: String, descriptor: FileDescriptor) throws(MediaError) {
        var allocated: UnsafeMutablePointer<AVFormatContext>?
        let status = avformat_alloc_output_context2(&allocated, nil, muxer, "file:" + path)
        guard status >= 0, let context = allocated else {
            throw MediaError(ffmpeg: status < 0 ? status : cff_averror_enomem(), function: "avformat_alloc_output_context2")
        }
        let target = OutputTarget(descriptor: descriptor, path: path)
        guard let buffer = av_malloc(Int(Self.ioBufferSize)) else {
            avformat_free_context(context)
            throw .outOfMemory("av_malloc")
        }
        guard
            let io = avio_alloc_context(
                buffer.assumingMemoryBound(to: UInt8.self), Self.ioBufferSize, 1,
                Unmanaged.passUnretained(target).toOpaque(), nil,
                { opaque, buffer, count in OutputTargetCallbacks.write(opaque, buffer, count) },
                { opaque, offset, whence in OutputTargetCallbacks.seek(opaque, offset, whence) })
        else {
            av_free(buffer)
            avformat_free_context(context)
            throw .outOfMemory("avio_alloc_context")
        }
        context.pointee.pb = io
        context.pointee.flags |= cff_avfmt_flag_custom_io()
        self.context = context
        self.io = io
        self.target = target
    }

    /// Adds a stream whose parameters `fill` copies from an opened encoder
    /// (`avcodec_parameters_from_context`); returns its index.
    mutating func addStream(
        timeBase: AVRational, fill: (UnsafeMutablePointer<AVCodecParameters>) -> Int32
    ) throws(MediaError) -> Int {
        guard let stream = avformat_new_stream(context, nil) else { throw .outOfMemory("avformat_new_stream") }
        let copied = fill(stream.pointee.codecpar)
        if copied < 0 { throw MediaError(ffmpeg: copied, function: "avcodec_parameters_from_context") }
        stream.pointee.time_base = timeBase
        streams.append(stream)
        return streams.count - 1
    }

    /// Sets one tag on stream `index` (a language, a handler name).
    func setStreamMetadata(_ key: String, _ value: String, stream index: Int) throws(MediaError) {
        let status = av_dict_set(&streams[index].pointee.metadata, key, value, 0)
        if status < 0 { throw MediaError(ffmpeg: status, function: "av_dict_set") }
    }

    deinit { Self.free(context: context, io: io) }

    private static func free(context: UnsafeMutablePointer<AVFormatContext>, io: UnsafeMutablePointer<AVIOContext>) {
        avformat_free_context(context)  // leaves a custom AVIOContext alone
        av_freep(&io.pointee.buffer)
        var owned: UnsafeMutablePointer<AVIOContext>? = io
        avio_context_free(&owned)
    }

    /// Sets tags on the file (`onStream: false`) or on the first stream (Ogg writes the stream's
    /// tags as its Vorbis comments). Pairs are set in order.
    func setMetadata(_ tags: [(key: String, value: String)], onStream: Bool) throws(MediaError) {
        for (key, value) in tags {
            let status =
                onStream
                ? av_dict_set(&streams[0].pointee.metadata, key, value, 0) : av_dict_set(&context.pointee.metadata, key, value, 0)
            if status < 0 { throw MediaError(ffmpeg: status, function: "av_dict_set") }
        }
    }

    /// Adds chapters (the mov muxer writes chapters added after the header in its trailer).
    func addChapters(_ chapters: [AudioChapter]) throws(MediaError) {
        let milliseconds = AVRational(num: 1, den: 1000)
        for (index, chapter) in chapters.enumerated() {
            let status = cff_avformat_add_chapter(
                context, Int64(index), milliseconds, Int64((chapter.startSeconds * 1000).rounded()),
                Int64((chapter.endSeconds * 1000).rounded()), chapter.title)
            if status < 0 { throw MediaError(ffmpeg: status, function: "avformat_new_chapter") }
        }
    }

    /// Writes the header with muxer `options` (`movflags=+faststart`, `rf64=auto`, …).
    func writeHeader(options: [String: String]) throws(MediaError) {
        var dictionary: OpaquePointer?
        defer { av_dict_free(&dictionary) }
        for (key, value) in options { av_dict_set(&dictionary, key, value, 0) }
        let status = avformat_write_header(context, &dictionary)
        if status < 0 { throw failure(status, function: "avformat_write_header") }
        // Options the muxer did not take are left in the dictionary: a typo, or another FFmpeg.
        if av_dict_count(dictionary) > 0 {
            throw MediaError(
                .internal, "avformat_write_header: the muxer ignored \(av_dict_count(dictionary)) of the options \(options)",
                function: "avformat_write_header")
        }
    }

    /// Writes `packet` (timestamps in `timeBase`) to stream `index`; the packet gives up its payload.
    func write(_ packet: borrowing Packet, timeBase: AVRational, stream index: Int = 0) throws(MediaError) {
        let stream = streams[index]
        av_packet_rescale_ts(packet.raw, timeBase, stream.pointee.time_base)
        packet.raw.pointee.stream_index = stream.pointee.index
        let status = av_interleaved_write_frame(context, packet.raw)
        if status < 0 { throw failure(status, function: "av_interleaved_write_frame") }
    }

    /// Writes the trailer and flushes the I/O buffer into the file.
    func writeTrailer() throws(MediaError) {
        let status = av_write_trailer(context)
        if status < 0 { throw failure(status, function: "av_write_trailer") }
        avio_flush(io)
        if io.pointee.error < 0 { throw failure(io.pointee.error, function: "avio_flush") }
    }

    /// A write error names the file and its errno; anything else is the muxer's.
    private func failure(_ status: Int32, function: String) -> MediaError {
        if let errno = target.lastErrno { return MediaError(errno: errno, function: "write", path: target.path) }
        return MediaError(ffmpeg: status, function: function, fallback: .encoder)
    }
}
