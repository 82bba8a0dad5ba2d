import CFFmpeg

/// Owner of a `SwrContext` converting decoded frames to float planar at the output rate and
/// channel count, and of the output planes it converts into. The planes grow to the largest
/// frame seen and are reused, so memory does not grow with the input's length.
///
/// See [swr_convert](https://ffmpeg.org/doxygen/5.1/group__lswr.html).
struct Resampler: ~Copyable {
    private let context: OpaquePointer
    let outputRate: Int
    let outputChannels: Int
    /// What the context was set up for; a frame that differs needs a new resampler.
    private let inputRate: Int
    private let inputFormat: AVSampleFormat
    private let inputLayout: ChannelLayout
    /// `outputChannels` plane pointers (rebound to `uint8_t **` for `swr_convert`).
    private let planes: UnsafeMutablePointer<UnsafeMutablePointer<Float>?>
    private var capacity = 0

    init(for frame: borrowing Frame, outputRate: Int, outputChannels: Int) throws(MediaError) {
        var inputLayout = frame.channelLayout
        var outputLayout = ChannelLayout(defaultFor: outputChannels)
        var swr: OpaquePointer?
        let status = outputLayout.withPointer { output in
            inputLayout.withPointer { input in
                swr_alloc_set_opts2(
                    &swr, output, AV_SAMPLE_FMT_FLTP, Int32(outputRate),
                    input, frame.sampleFormat, Int32(frame.sampleRate), 0, nil)
            }
        }
        guard status >= 0, let allocated = swr else {
            swr_free(&swr)
            throw MediaError(ffmpeg: status < 0 ? status : cff_averror_enomem(), function: "swr_alloc_set_opts2")
        }
        let initStatus = swr_init(allocated)
        if initStatus < 0 {
            swr_free(&swr)
            throw MediaError(ffmpeg: initStatus, function: "swr_init", fallback: .invalidData)
        }
        context = allocated
        self.outputRate = outputRate
        self.outputChannels = outputChannels
        inputRate = frame.sampleRate
        inputFormat = frame.sampleFormat
        self.inputLayout = inputLayout
        planes = .allocate(capacity: outputChannels)
        planes.initialize(repeating: nil, count: outputChannels)
        reserve(4096)
    }

    deinit {
        var owned: OpaquePointer? = context
        swr_free(&owned)
        for channel in 0..<outputChannels { planes[channel]?.deallocate() }
        planes.deallocate()
    }

    /// Whether `frame` has the rate, format and layout this resampler was set up for.
    func accepts(_ frame: borrowing Frame) -> Bool {
        frame.sampleRate == inputRate && frame.sampleFormat == inputFormat
            && frame.channelLayout.isSame(as: inputLayout)
    }

    /// Grows the output planes so that ``convert(_:_:)`` can take `frame` in one call.
    mutating func prepare(for frame: borrowing Frame) {
        let bound = Int(swr_get_out_samples(context, Int32(frame.sampleCount)))
        reserve(max(bound, frame.sampleCount) + 256)
    }

    /// Converts `frame` (after ``prepare(for:)``) and hands the converted samples to `body` as
    /// (left, right, count); for mono, right is left.
    func convert(
        _ frame: borrowing Frame, _ body: (UnsafePointer<Float>, UnsafePointer<Float>, Int) throws(MediaError) -> Void
    ) throws(MediaError) {
        let converted = frame.withInputPlanes { input in
            withOutputPlanes { output in
                swr_convert(context, output, Int32(capacity), input, Int32(frame.sampleCount))
            }
        }
        if converted < 0 { throw MediaError(ffmpeg: converted, function: "swr_convert", fallback: .invalidData) }
        try deliver(Int(converted), body)
    }

    /// Drains what the resampler still holds at the end of the input.
    func flush(
        _ body: (UnsafePointer<Float>, UnsafePointer<Float>, Int) throws(MediaError) -> Void
    ) throws(MediaError) {
        while true {
            let converted = withOutputPlanes { output in swr_convert(context, output, Int32(capacity), nil, 0) }
            if converted < 0 { throw MediaError(ffmpeg: converted, function: "swr_convert", fallback: .internal) }
            if converted == 0 { return }
            try deliver(Int(converted), body)
        }
    }

    private func deliver(
        _ count: Int, _ body: (UnsafePointer<Float>, UnsafePointer<Float>, Int) throws(MediaError) -> Void
    ) throws(MediaError) {
        guard count > 0, let left = planes[0] else { return }
        let right = planes[outputChannels > 1 ? 1 : 0] ?? left
        try body(UnsafePointer(left), UnsafePointer(right), count)
    }

    private func withOutputPlanes<R>(_ body: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>) -> R) -> R {
        planes.withMemoryRebound(to: UnsafeMutablePointer<UInt8>?.self, capacity: outputChannels, body)
    }

    /// Grows the output planes to hold `samples` per channel (never shrinks).
    private mutating func reserve(_ samples: Int) {
        guard samples > capacity else { return }
        for channel in 0..<outputChannels {
            planes[channel]?.deallocate()
            planes[channel] = .allocate(capacity: samples)
        }
        capacity = samples
    }
}
