#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Decodes one part into float planar PCM at the output's rate and channel count, with the
/// part's gain applied: the frames of a ``PartInput`` through a ``Resampler``, rebuilt when the
/// stream's format changes, drained at the end so no sample stays behind.
struct PartDecoder: ~Copyable {
    private var input: PartInput
    private var resampler: Resampler
    private let outputRate: Int
    private let outputChannels: Int
    private let gain: Float
    private var state = State.frameReady
    /// Seconds of input decoded, from sample counts.
    private(set) var decodedSeconds = 0.0
    /// Where decoding is in the part, from timestamps when frames have them (for progress).
    private(set) var positionSeconds = 0.0

    private enum State { case frameReady, needsFrame, switching, flushing, done }

    init(_ input: consuming PartInput, outputRate: Int, outputChannels: Int, gainDB: Double) throws(MediaError) {
        resampler = try Resampler(for: input.reader.frame, outputRate: outputRate, outputChannels: outputChannels)
        self.input = input
        self.outputRate = outputRate
        self.outputChannels = outputChannels
        gain = Float(pow(10, gainDB / 20))
    }

    var name: String { input.name }

    /// What the result reports about the part.
    func rendered(startSeconds: Double, endSeconds: Double) -> RenderedPart {
        RenderedPart(
            format: input.reader.input.formatName, codec: input.reader.input.codecName, sampleRate: input.sampleRate,
            channels: input.channels, decodedSeconds: decodedSeconds, startSeconds: startSeconds, endSeconds: endSeconds,
            skippedCorruptPackets: input.reader.skippedPackets)
    }

    /// The next converted samples (valid until the next call) and ``positionSeconds`` after
    /// them, or `nil` when the part is done.
    mutating func next() throws(MediaError) -> (chunk: PCMChunk, positionSeconds: Double)? {
        while true {
            switch state {
            case .frameReady:
                guard resampler.accepts(input.reader.frame) else {
                    state = .switching
                    continue
                }
                state = .needsFrame
                let frameSeconds = Double(input.reader.frame.sampleCount) / Double(max(input.reader.frame.sampleRate, 1))
                decodedSeconds += frameSeconds
                positionSeconds = max(positionSeconds, input.reader.frameEndSeconds ?? decodedSeconds)
                let chunk = try resampler.convert(input.reader.frame)
                if chunk.count > 0 { return (scaled(chunk), positionSeconds) }
            case .needsFrame:
                state = try input.reader.next() ? .frameReady : .flushing
            case .switching:
                let chunk = try resampler.flush()
                if chunk.count > 0 { return (scaled(chunk), positionSeconds) }
                resampler = try Resampler(for: input.reader.frame, outputRate: outputRate, outputChannels: outputChannels)
                state = .frameReady
            case .flushing:
                let chunk = try resampler.flush()
                if chunk.count > 0 { return (scaled(chunk), positionSeconds) }
                state = .done
            case .done:
                return nil
            }
        }
    }

    private func scaled(_ chunk: PCMChunk) -> PCMChunk {
        chunk.scale(by: gain)
        return chunk
    }
}
