#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A look-ahead brick-wall limiter on true peaks, linked across channels, that keeps the
/// sample count: output sample `i` is input sample `i` times a gain, delayed internally by
/// ``delay`` samples and drained by ``drain()``.
///
/// For each sample `n` the peak is the largest of `|x[n]|` and the 4× oversampled values on
/// both sides of it (``TruePeakInterpolator``), over all channels; the gain that peak needs is
/// `threshold / peak` (at most 1). A sliding minimum over a window of `W` samples (5 ms), an
/// exponential release (50 ms) and a `W`-sample moving average turn those gains into a smooth
/// envelope that reaches each peak's gain in time: the average at the peak only spans values
/// at or below it. The signal is delayed by the detector's look-ahead plus `W - 1` to match.
///
/// One limiter can feed several ``Output``s, each with its own threshold and gain after
/// limiting, sharing the peak detection and the delay line (``MakeupSearch`` compares makeup
/// gains this way). Envelope state is kept per output in flat arrays.
struct TruePeakLimiter: ~Copyable {
    /// Limit the input's true peaks to `thresholdDBFS`, then apply `gainDB`.
    struct Output {
        var thresholdDBFS: Double
        var gainDB: Double = 0
    }

    let channels: Int
    /// Samples held back: output lags input by this much until ``drain()``.
    let delay: Int
    let outputCount: Int
    private let window: Int
    private let release: Float
    /// The interpolator's three phases, each as `taps / 8` vectors, one phase after the other.
    private let weights: UnsafeMutablePointer<SIMD8<Float>>
    /// The last `ringMask + 1` input samples per channel, each stored twice (at `i` and
    /// `i + ringMask + 1`), so the detector's window is always contiguous.
    private var history: PCMBuffer
    private let ringMask: Int
    private var received = 0
    /// The oversampled peak between the previous sample and the current one.
    private var previousInterval: Float = 0
    // Per output: threshold, gain, envelope, moving-average sum, sliding-minimum queue.
    private let thresholds: UnsafeMutablePointer<Float>
    private let gains: UnsafeMutablePointer<Float>
    private let envelopes: UnsafeMutablePointer<Float>
    private let boxSums: UnsafeMutablePointer<Double>
    /// `window` envelope values per output (a ring, all at ``boxIndex``).
    private let boxes: UnsafeMutablePointer<Float>
    private var boxIndex = 0
    /// A monotonic queue of (sample, required gain) per output, `queueMask + 1` slots each.
    private let queueSamples: UnsafeMutablePointer<Int>
    private let queueGains: UnsafeMutablePointer<Float>
    private let queueMask: Int
    private let queueHeads: UnsafeMutablePointer<Int>
    private let queueCounts: UnsafeMutablePointer<Int>
    /// `channels` planes per output, one output after the other.
    private var output: PCMBuffer

    static let windowSeconds = 0.005
    static let releaseSeconds = 0.05

    /// A limiter keeping true peaks at or below `thresholdDBFS` (dBTP) at `sampleRate`.
    init(thresholdDBFS: Double, sampleRate: Int, channels: Int) {
        self.init(outputs: [Output(thresholdDBFS: thresholdDBFS)], sampleRate: sampleRate, channels: channels)
    }

    init(outputs: [Output], sampleRate: Int, channels: Int) {
        precondition(!outputs.isEmpty, "a limiter needs an output")
        self.channels = channels
        outputCount = outputs.count
        window = max(1, Int((Self.windowSeconds * Double(sampleRate)).rounded()))
        delay = TruePeakInterpolator.lookahead + window - 1
        release = Float(exp(-1 / (Self.releaseSeconds * Double(sampleRate))))
        let phases = TruePeakInterpolator.coefficients.flatMap { $0 }
        let vectors = stride(from: 0, to: phases.count, by: 8).map { SIMD8<Float>(phases[$0..<$0 + 8]) }
        weights = .allocate(capacity: vectors.count)
        weights.initialize(from: vectors, count: vectors.count)
        var ringSize = 1
        while ringSize < delay + TruePeakInterpolator.taps + 1 { ringSize <<= 1 }
        ringMask = ringSize - 1
        history = PCMBuffer(channels: channels, capacity: 2 * ringSize)
        var queueSize = 1
        while queueSize < window + 1 { queueSize <<= 1 }
        queueMask = queueSize - 1
        thresholds = .allocate(capacity: outputs.count)
        thresholds.initialize(from: outputs.map { Float(pow(10, $0.thresholdDBFS / 20)) }, count: outputs.count)
        gains = .allocate(capacity: outputs.count)
        gains.initialize(from: outputs.map { Float(pow(10, $0.gainDB / 20)) }, count: outputs.count)
        envelopes = .allocate(capacity: outputs.count)
        envelopes.initialize(repeating: 1, count: outputs.count)
        boxSums = .allocate(capacity: outputs.count)
        boxSums.initialize(repeating: Double(window), count: outputs.count)
        boxes = .allocate(capacity: outputs.count * window)
        boxes.initialize(repeating: 1, count: outputs.count * window)
        queueSamples = .allocate(capacity: outputs.count * queueSize)
        queueSamples.initialize(repeating: 0, count: outputs.count * queueSize)
        queueGains = .allocate(capacity: outputs.count * queueSize)
        queueGains.initialize(repeating: 1, count: outputs.count * queueSize)
        queueHeads = .allocate(capacity: outputs.count)
        queueHeads.initialize(repeating: 0, count: outputs.count)
        queueCounts = .allocate(capacity: outputs.count)
        queueCounts.initialize(repeating: 0, count: outputs.count)
        output = PCMBuffer(channels: channels * outputs.count, capacity: 4096)
    }

    deinit {
        weights.deallocate()
        for pointer in [thresholds, gains, envelopes, boxes, queueGains] as [UnsafeMutablePointer<Float>] {
            pointer.deallocate()
        }
        boxSums.deallocate()
        queueSamples.deallocate()
        queueHeads.deallocate()
        queueCounts.deallocate()
    }

    /// Limits `chunk` into every output; returns how many samples each output has ready
    /// (``delay`` fewer at the start). Read them with ``output(_:count:)`` before the next call.
    mutating func limit(_ chunk: PCMChunk) -> Int {
        output.reserve(chunk.count)
        var produced = 0
        for index in 0..<chunk.count {
            for channel in 0..<channels { store(chunk.plane(min(channel, chunk.channels - 1))[index], channel: channel) }
            if step(at: produced) { produced += 1 }
        }
        return produced
    }

    /// Pushes the last ``delay`` samples out (as if followed by silence); returns how many
    /// samples each output has ready.
    mutating func drain() -> Int {
        output.reserve(delay)
        var produced = 0
        for _ in 0..<delay {
            for channel in 0..<channels { store(0, channel: channel) }
            if step(at: produced) { produced += 1 }
        }
        return produced
    }

    /// The first `count` samples output `index` has ready.
    func output(_ index: Int, count: Int) -> PCMChunk {
        let all = output.chunk(count: count)
        return PCMChunk(planes: all.planes + index * channels, channels: channels, count: count)
    }

    /// Limits `chunk` into the only output (valid until the next call).
    mutating func process(_ chunk: PCMChunk) -> PCMChunk { output(0, count: limit(chunk)) }

    /// Drains the only output.
    mutating func flush() -> PCMChunk { output(0, count: drain()) }

    /// Stores the next input sample of `channel` in both halves of its history.
    private func store(_ sample: Float, channel: Int) {
        let plane = history.chunk(count: 2 * (ringMask + 1)).plane(channel)
        let slot = received & ringMask
        plane[slot] = sample
        plane[slot + ringMask + 1] = sample
    }

    /// Advances by the sample just stored at `received`; writes one sample to every output
    /// at `position` when one is due.
    private mutating func step(at position: Int) -> Bool {
        let t = received
        received += 1
        let peak = self.peak(around: t - TruePeakInterpolator.lookahead)
        let o = t - delay
        let ring = history.chunk(count: ringMask + 1)
        let out = output.chunk(count: output.capacity)
        for index in 0..<outputCount {
            let gain = envelope(index, peak: peak, at: t - TruePeakInterpolator.lookahead)
            guard o >= 0 else { continue }
            let factor = min(gain, 1) * gains[index]
            for channel in 0..<channels {
                out.plane(index * channels + channel)[position] = ring.plane(channel)[o & ringMask] * factor
            }
        }
        return o >= 0
    }

    /// The true peak at sample `n` over all channels: the sample and the oversampled values on
    /// both sides of it.
    private mutating func peak(around n: Int) -> Float {
        let ring = history.chunk(count: 2 * (ringMask + 1))
        let first = (n - (TruePeakInterpolator.lookahead - 1)) & ringMask
        let vectors = TruePeakInterpolator.taps / 8
        var samplePeak: Float = 0
        var interval: Float = 0
        for channel in 0..<channels {
            let plane = ring.plane(channel)
            samplePeak = max(samplePeak, abs(plane[n & ringMask]))
            let window = UnsafeRawPointer(plane + first)
            var phase0 = SIMD8<Float>()
            var phase1 = SIMD8<Float>()
            var phase2 = SIMD8<Float>()
            for vector in 0..<vectors {
                let samples = window.loadUnaligned(fromByteOffset: vector * 32, as: SIMD8<Float>.self)
                phase0 += weights[vector] * samples
                phase1 += weights[vectors + vector] * samples
                phase2 += weights[2 * vectors + vector] * samples
            }
            interval = max(interval, abs(phase0.sum()), abs(phase1.sum()), abs(phase2.sum()))
        }
        defer { previousInterval = interval }
        return max(samplePeak, interval, previousInterval)
    }

    /// Output `index`'s smoothed gain for the sample `window - 1` before `n`, after taking in
    /// the gain that `peak` at `n` needs.
    private mutating func envelope(_ index: Int, peak: Float, at n: Int) -> Float {
        let threshold = thresholds[index]
        let required: Float = peak > threshold ? threshold / peak : 1
        // Sliding minimum of the required gains over the last `window` samples.
        let base = index * (queueMask + 1)
        var head = queueHeads[index]
        var count = queueCounts[index]
        while count > 0, queueGains[base + ((head + count - 1) & queueMask)] >= required { count -= 1 }
        queueSamples[base + ((head + count) & queueMask)] = n
        queueGains[base + ((head + count) & queueMask)] = required
        count += 1
        while queueSamples[base + head] <= n - window {
            head = (head + 1) & queueMask
            count -= 1
        }
        queueHeads[index] = head
        queueCounts[index] = count
        let envelope = min(queueGains[base + head], 1 - (1 - envelopes[index]) * release)
        envelopes[index] = envelope
        // Moving average of the envelope over the last `window` samples.
        let slot = index * window + boxIndex
        boxSums[index] += Double(envelope) - Double(boxes[slot])
        boxes[slot] = envelope
        if index == outputCount - 1 { boxIndex = boxIndex + 1 == window ? 0 : boxIndex + 1 }
        return Float(boxSums[index] / Double(window))
    }
}
