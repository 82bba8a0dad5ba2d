import CFFmpeg

/// Owner of a `SwrContext` converting decoded frames to float planar at the output rate and
/// channel count, and of the ``PCMBuffer`` it converts into. The buffer grows to the largest
/// frame seen and is reused, so memory does not grow with the input's length.
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
    private var output: PCMBuffer

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
        output = PCMBuffer(channels: outputChannels, capacity: 4096)
    }

    deinit {
        var owned: OpaquePointer? = context
        swr_free(&owned)
    }

    /// Whether `frame` has the rate, format and layout this resampler was set up for.
    func accepts(_ frame: borrowing Frame) -> Bool {
        frame.sampleRate == inputRate && frame.sampleFormat == inputFormat
            && frame.channelLayout.isSame(as: inputLayout)
    }

    /// Converts `frame`; the result is valid until the next call.
    mutating func convert(_ frame: borrowing Frame) throws(MediaError) -> PCMChunk {
        let bound = Int(swr_get_out_samples(context, Int32(frame.sampleCount)))
        output.reserve(max(bound, frame.sampleCount) + 256)
        let capacity = Int32(output.capacity)
        let converted = frame.withInputPlanes { input in
            output.withRawPlanes { planes in swr_convert(context, planes, capacity, input, Int32(frame.sampleCount)) }
        }
        if converted < 0 { throw MediaError(ffmpeg: converted, function: "swr_convert", fallback: .invalidData) }
        return output.chunk(count: Int(converted))
    }

    /// Drains what the resampler still holds at the end of the input, one chunk per call; an
    /// empty chunk when nothing is left.
    mutating func flush() throws(MediaError) -> PCMChunk {
        let capacity = Int32(output.capacity)
        let converted = output.withRawPlanes { planes in swr_convert(context, planes, capacity, nil, 0) }
        if converted < 0 { throw MediaError(ffmpeg: converted, function: "swr_convert", fallback: .internal) }
        return output.chunk(count: Int(converted))
    }
}
