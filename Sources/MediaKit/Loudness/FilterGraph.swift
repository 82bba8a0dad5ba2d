import CFFmpeg

/// Owner of an `AVFilterGraph` for audio: `abuffer` → a chain of filters → `abuffersink`,
/// fed float planar frames at a fixed rate and channel count. The filter contexts are borrowed
/// from the graph and freed with it.
///
/// See [filtering_audio.c](https://ffmpeg.org/doxygen/5.1/filtering_audio_8c-example.html)
/// and [avfilter_graph_config](https://ffmpeg.org/doxygen/5.1/group__lavfi.html).
struct FilterGraph: ~Copyable {
    private let graph: UnsafeMutablePointer<AVFilterGraph>
    private let source: UnsafeMutablePointer<AVFilterContext>
    private let sink: UnsafeMutablePointer<AVFilterContext>

    /// The outcome of ``pull(into:)``.
    enum Pulled { case frame, needsInput, endOfStream }

    /// Builds and configures the graph; `filters` are `(name, options)` pairs, e.g.
    /// `("ebur128", "peak=true:metadata=1")`. Format conversions the filters need are inserted
    /// by libavfilter.
    init(sampleRate: Int, channels: Int, filters: [(name: String, options: String)]) throws(MediaError) {
        guard let graph = avfilter_graph_alloc() else { throw .outOfMemory("avfilter_graph_alloc") }
        graph.pointee.nb_threads = 1
        do throws(MediaError) {
            var layout = ChannelLayout(defaultFor: channels)
            let layoutName = layout.withPointer { pointer in
                withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
                    buffer.initialize(repeating: 0)
                    _ = av_channel_layout_describe(pointer, buffer.baseAddress, buffer.count)
                    return String(cString: buffer.baseAddress!)
                }
            }
            let sourceOptions =
                "time_base=1/\(sampleRate):sample_rate=\(sampleRate):sample_fmt=fltp:channel_layout=\(layoutName)"
            let source = try Self.add("abuffer", name: "in", options: sourceOptions, to: graph)
            var previous = source
            for (index, filter) in filters.enumerated() {
                let context = try Self.add(filter.name, name: "f\(index)", options: filter.options, to: graph)
                try Self.link(previous, context)
                previous = context
            }
            let sink = try Self.add("abuffersink", name: "out", options: nil, to: graph)
            try Self.link(previous, sink)
            let status = avfilter_graph_config(graph, nil)
            if status < 0 { throw MediaError(ffmpeg: status, function: "avfilter_graph_config") }
            self.source = source
            self.sink = sink
        } catch {
            var owned: UnsafeMutablePointer<AVFilterGraph>? = graph
            avfilter_graph_free(&owned)
            throw error
        }
        self.graph = graph
    }

    deinit {
        var owned: UnsafeMutablePointer<AVFilterGraph>? = graph
        avfilter_graph_free(&owned)
    }

    private static func add(
        _ filter: String, name: String, options: String?, to graph: UnsafeMutablePointer<AVFilterGraph>
    ) throws(MediaError) -> UnsafeMutablePointer<AVFilterContext> {
        guard let definition = avfilter_get_by_name(filter) else {
            throw MediaError(.internal, "avfilter_get_by_name: this FFmpeg has no '\(filter)' filter", function: "avfilter_get_by_name")
        }
        var context: UnsafeMutablePointer<AVFilterContext>?
        let status = avfilter_graph_create_filter(&context, definition, name, options, nil, graph)
        guard status >= 0, let context else {
            throw MediaError(
                ffmpeg: status < 0 ? status : cff_averror_enomem(), function: "avfilter_graph_create_filter",
                hint: "filter \(filter)=\(options ?? "")")
        }
        return context
    }

    private static func link(
        _ from: UnsafeMutablePointer<AVFilterContext>, _ to: UnsafeMutablePointer<AVFilterContext>
    ) throws(MediaError) {
        let status = avfilter_link(from, 0, to, 0)
        if status < 0 { throw MediaError(ffmpeg: status, function: "avfilter_link") }
    }

    /// Hands `frame`'s reference to the graph (the frame is left blank), or the end of the
    /// stream for `nil`.
    func push(_ frame: UnsafeMutablePointer<AVFrame>?) throws(MediaError) {
        let status = av_buffersrc_add_frame_flags(source, frame, 0)
        if status < 0 { throw MediaError(ffmpeg: status, function: "av_buffersrc_add_frame_flags") }
    }

    /// Takes the next filtered frame into `frame`.
    func pull(into frame: borrowing Frame) throws(MediaError) -> Pulled {
        frame.unref()
        let status = av_buffersink_get_frame(sink, frame.raw)
        if status == cff_averror_eagain() { return .needsInput }
        if status == cff_averror_eof() { return .endOfStream }
        if status < 0 { throw MediaError(ffmpeg: status, function: "av_buffersink_get_frame") }
        return .frame
    }
}
