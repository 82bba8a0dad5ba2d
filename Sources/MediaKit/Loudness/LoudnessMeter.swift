import CFFmpeg

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Measures EBU R128 loudness of float planar PCM with libavfilter's `ebur128` filter
/// (`peak=true:metadata=1`) in a ``FilterGraph``: the same implementation as
/// `ffmpeg -af ebur128=peak=true`, so figures agree with it by construction.
///
/// The filter tags its output frames with running values (`lavfi.r128.I`, `.LRA`,
/// `.true_peak`, linear); the last ones seen are the result. Memory is bounded: the filter keeps
/// histograms, not the audio.
struct LoudnessMeter: ~Copyable {
    private let graph: FilterGraph
    private let input: Frame
    private let output: Frame
    private let sampleRate: Int
    private let channels: Int
    private var samples: Int64 = 0
    private var integrated: Double?
    private var range: Double?
    private var truePeak: Double?

    /// A meter for PCM at `sampleRate` with `channels`; `truePeak: false` skips the 4×
    /// oversampling when only loudness is wanted (``truePeakDBTP`` is then `nil`).
    init(sampleRate: Int, channels: Int, truePeak: Bool = true) throws(MediaError) {
        let graph = try FilterGraph(
            sampleRate: sampleRate, channels: channels,
            filters: [("ebur128", truePeak ? "peak=true:metadata=1" : "metadata=1")])
        let input = try Frame()
        let output = try Frame()
        self.graph = graph
        self.input = input
        self.output = output
        self.sampleRate = sampleRate
        self.channels = channels
    }

    /// Measures `chunk` (this meter's channel count).
    mutating func add(_ chunk: PCMChunk) throws(MediaError) {
        guard chunk.count > 0 else { return }
        let frame = input.raw
        frame.pointee.nb_samples = Int32(chunk.count)
        frame.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
        frame.pointee.sample_rate = Int32(sampleRate)
        av_channel_layout_default(&frame.pointee.ch_layout, Int32(channels))
        frame.pointee.pts = samples
        let status = av_frame_get_buffer(frame, 0)
        if status < 0 { throw MediaError(ffmpeg: status, function: "av_frame_get_buffer") }
        for channel in 0..<channels {
            UnsafeMutableRawPointer(frame.pointee.extended_data[channel]!).assumingMemoryBound(to: Float.self)
                .update(from: chunk.plane(min(channel, chunk.channels - 1)), count: chunk.count)
        }
        samples += Int64(chunk.count)
        try graph.push(frame)
        try collect()
    }

    private mutating func collect() throws(MediaError) {
        while try graph.pull(into: output) == .frame {
            let metadata = output.raw.pointee.metadata
            if let value = Self.value(metadata, "lavfi.r128.I") { integrated = value }
            if let value = Self.value(metadata, "lavfi.r128.LRA") { range = value }
            if let value = Self.value(metadata, "lavfi.r128.true_peak") { truePeak = max(truePeak ?? 0, value) }
        }
    }

    private static func value(_ dictionary: OpaquePointer?, _ key: String) -> Double? {
        guard let entry = av_dict_get(dictionary, key, nil, 0), let text = entry.pointee.value else { return nil }
        return Double(String(cString: text))
    }

    /// Ends the stream and returns the figures: `-70` LUFS or less (the filter's "nothing
    /// gated in") is reported as `nil`, as is a true peak of 0. Call once; the meter takes no
    /// more audio after it.
    mutating func finish() throws(MediaError) -> LoudnessMeasurement {
        try graph.push(nil)
        try collect()
        output.unref()
        let loudness = integrated.flatMap { $0 > -70 ? $0 : nil }
        return LoudnessMeasurement(
            integratedLUFS: loudness,
            truePeakDBTP: truePeak.flatMap { $0 > 0 ? 20 * log10($0) : nil },
            loudnessRangeLU: loudness == nil ? nil : range,
            durationSeconds: Double(samples) / Double(sampleRate))
    }
}
