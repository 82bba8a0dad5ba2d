import CFFmpeg

/// Owner of one `AVFrame`, reused for every decoded frame (`av_frame_unref` between uses).
struct Frame: ~Copyable {
    let raw: UnsafeMutablePointer<AVFrame>

    init() throws(MediaError) {
        guard let frame = av_frame_alloc() else { throw .outOfMemory("av_frame_alloc") }
        raw = frame
    }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = raw
        av_frame_free(&frame)
    }

    /// Samples per channel.
    var sampleCount: Int { Int(raw.pointee.nb_samples) }
    var sampleRate: Int { Int(raw.pointee.sample_rate) }
    var channelCount: Int { Int(raw.pointee.ch_layout.nb_channels) }
    var sampleFormat: AVSampleFormat { AVSampleFormat(rawValue: raw.pointee.format) }

    /// `best_effort_timestamp` in the stream's time base, `nil` if unknown.
    var timestamp: Int64? {
        let value = raw.pointee.best_effort_timestamp
        return value == cff_nopts_value() ? nil : value
    }

    /// The frame's channel layout; an unspecified one becomes the default layout of its channel count.
    var channelLayout: ChannelLayout { ChannelLayout(copying: raw.pointee.ch_layout) }

    /// The sample planes as `swr_convert` wants them (`const uint8_t **`), valid during `body`.
    func withInputPlanes<R: ~Copyable, E: Error>(
        _ body: (UnsafeMutablePointer<UnsafePointer<UInt8>?>) throws(E) -> R
    ) throws(E) -> R {
        try raw.pointee.extended_data.withMemoryRebound(to: UnsafePointer<UInt8>?.self, capacity: max(channelCount, 1)) {
            (planes) throws(E) -> R in try body(planes)
        }
    }

    func unref() { av_frame_unref(raw) }
}
