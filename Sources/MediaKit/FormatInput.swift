import CFFmpeg
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Owner of an opened `AVFormatContext` reading the caller's descriptor through a custom
/// `AVIOContext` (and that context's buffer). Probing is done first, so a format that is not on
/// the whitelist is refused before any demuxer opens it.
///
/// See [avformat_open_input](https://ffmpeg.org/doxygen/5.1/group__lavf__decoding.html).
struct FormatInput: ~Copyable {
    let context: UnsafeMutablePointer<AVFormatContext>
    private let io: UnsafeMutablePointer<AVIOContext>
    private let source: InputSource
    /// The index of the audio stream chosen by `av_find_best_stream`.
    let audioStreamIndex: Int
    /// The decoder `av_find_best_stream` found for it.
    let decoder: UnsafePointer<AVCodec>

    /// The last errno the input's reads or seeks failed with.
    var sourceErrno: Errno? { source.lastErrno }

    private static let ioBufferSize: Int32 = 64 * 1024

    init(descriptor: FileDescriptor, name: String, limits: DecodeLimits) throws(MediaError) {
        let source = InputSource(descriptor)
        guard let buffer = av_malloc(Int(Self.ioBufferSize)) else { throw .outOfMemory("av_malloc") }
        guard
            let io = avio_alloc_context(
                buffer.assumingMemoryBound(to: UInt8.self), Self.ioBufferSize, 0,
                Unmanaged.passUnretained(source).toOpaque(),
                { opaque, buffer, count in InputSourceCallbacks.read(opaque, buffer, count) }, nil,
                source.isSeekable
                    ? { opaque, offset, whence in InputSourceCallbacks.seek(opaque, offset, whence) } : nil)
        else {
            av_free(buffer)
            throw .outOfMemory("avio_alloc_context")
        }
        var context: UnsafeMutablePointer<AVFormatContext>?
        do throws(MediaError) {
            context = try Self.open(io: io, source: source, name: name, limits: limits)
        } catch {
            Self.free(io: io)
            throw error
        }
        guard let context else { preconditionFailure("open returned no context") }
        let stream: (index: Int, decoder: UnsafePointer<AVCodec>)
        do throws(MediaError) {
            stream = try Self.findAudioStream(context, name: name)
        } catch {
            var owned: UnsafeMutablePointer<AVFormatContext>? = context
            avformat_close_input(&owned)
            Self.free(io: io)
            throw error
        }
        self.context = context
        self.io = io
        self.source = source
        audioStreamIndex = stream.index
        decoder = stream.decoder
    }

    deinit {
        var owned: UnsafeMutablePointer<AVFormatContext>? = context
        avformat_close_input(&owned)  // leaves a custom AVIOContext alone
        Self.free(io: io)
    }

    private static func free(io: UnsafeMutablePointer<AVIOContext>) {
        av_freep(&io.pointee.buffer)  // the buffer may have been replaced; free the current one
        var owned: UnsafeMutablePointer<AVIOContext>? = io
        avio_context_free(&owned)
    }

    /// Probes (bounded by `probeSize`), checks the whitelist, then opens and reads stream info.
    private static func open(
        io: UnsafeMutablePointer<AVIOContext>, source: InputSource, name: String, limits: DecodeLimits
    ) throws(MediaError) -> UnsafeMutablePointer<AVFormatContext> {
        var format: UnsafePointer<AVInputFormat>?
        let score = av_probe_input_buffer2(io, &format, name, nil, 0, UInt32(clamping: limits.probeSize))
        if score < 0 || format == nil {
            if let errno = source.lastErrno { throw MediaError(errno: errno, function: "read", path: name) }
            let code = score < 0 ? score : cff_averror_invaliddata()
            throw MediaError(
                .unsupportedFormat,
                "av_probe_input_buffer2: \(MediaError.ffmpegText(code)); '\(name)' is not a media file "
                    + "FFmpeg recognises, send an audio file",
                function: "av_probe_input_buffer2", rawCode: code)
        }
        let formatName = String(cString: format!.pointee.name)
        guard limits.allows(formatNamed: formatName) else {
            throw MediaError(
                .unsupportedFormat,
                "'\(name)' is in format '\(formatName)', which is not accepted; send an audio file "
                    + "(allowed formats: \(limits.formatWhitelist.joined(separator: ", ")))",
                function: "av_probe_input_buffer2")
        }
        guard var context = avformat_alloc_context() else { throw .outOfMemory("avformat_alloc_context") }
        context.pointee.pb = io
        context.pointee.flags |= cff_avfmt_flag_custom_io()
        // No demuxer may open another file or URL (playlists, references): the input is this fd only.
        context.pointee.io_open = { _, _, _, _, _ in cff_averror(EPERM) }
        var options: OpaquePointer?
        defer { av_dict_free(&options) }
        av_dict_set(&options, "format_whitelist", limits.formatWhitelist.joined(separator: ","), 0)
        av_dict_set(&options, "protocol_whitelist", "file", 0)
        av_dict_set(&options, "probesize", String(limits.probeSize), 0)
        av_dict_set(&options, "analyzeduration", String(limits.maxAnalyzeDurationSeconds * 1_000_000), 0)
        av_dict_set(&options, "max_streams", String(limits.maxStreams), 0)
        var opened: UnsafeMutablePointer<AVFormatContext>? = context
        let status = avformat_open_input(&opened, name, format, &options)  // frees the context on failure
        guard status >= 0, let opened else {
            if let errno = source.lastErrno { throw MediaError(errno: errno, function: "read", path: name) }
            throw MediaError(
                ffmpeg: status, function: "avformat_open_input", fallback: .invalidData,
                hint: "'\(name)' looks like \(formatName) but is truncated or corrupt")
        }
        context = opened
        let info = avformat_find_stream_info(context, nil)
        if info < 0 {
            var owned: UnsafeMutablePointer<AVFormatContext>? = context
            avformat_close_input(&owned)
            if let errno = source.lastErrno { throw MediaError(errno: errno, function: "read", path: name) }
            throw MediaError(
                ffmpeg: info, function: "avformat_find_stream_info", fallback: .invalidData,
                hint: "'\(name)' is truncated or corrupt")
        }
        return context
    }

    private static func findAudioStream(
        _ context: UnsafeMutablePointer<AVFormatContext>, name: String
    ) throws(MediaError) -> (Int, UnsafePointer<AVCodec>) {
        var decoder: UnsafePointer<AVCodec>?
        let index = av_find_best_stream(context, AVMEDIA_TYPE_AUDIO, -1, -1, &decoder, 0)
        if index == cff_averror_stream_not_found() {
            throw MediaError(
                .noAudioStream, "'\(name)' has no audio stream (video and cover art are not audio)",
                function: "av_find_best_stream", rawCode: index)
        }
        if index == cff_averror_decoder_not_found() {
            throw MediaError(
                .decoderNotFound, "av_find_best_stream: no decoder for the audio codec of '\(name)'",
                function: "av_find_best_stream", rawCode: index)
        }
        guard index >= 0, let decoder else {
            throw MediaError(ffmpeg: index, function: "av_find_best_stream", fallback: .noAudioStream)
        }
        return (Int(index), decoder)
    }
}
