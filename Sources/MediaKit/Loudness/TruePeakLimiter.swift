#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A look-ahead brick-wall limiter on true peaks, linked across channels, that keeps the
/// sample count: output sample `i` is input sample `i` times a gain, delayed internally by
/// ``delay`` samples and drained by ``flush()``.
///
/// For each sample `n` the peak is the largest of `|x[n]|` and the 4× oversampled values on
/// both sides of it (``TruePeakInterpolator``), over all channels; the gain that peak needs is
/// `threshold / peak` (at most 1). A sliding minimum over a window of `W` samples (5 ms), an
/// exponential release (50 ms) and a `W`-sample moving average turn those gains into a smooth
/// envelope that reaches each peak's gain in time: the average at the peak only spans values
/// at or below it. The signal is delayed by the detector's look-ahead plus `W - 1` to match.
struct TruePeakLimiter: ~Copyable {
    let channels: Int
    /// Samples held back: output lags input by this much until ``flush()``.
    let delay: Int
    private let threshold: Float
    private let window: Int
    private let release: Float
    /// The interpolator's three phases, one after the other.
    private let coefficients: [Float] = TruePeakInterpolator.coefficients.flatMap { $0 }
    /// The last `ringSize` input samples per channel.
    private var history: PCMBuffer
    private let ringMask: Int
    private var received = 0
    /// Sliding minimum of the required gains: a monotonic queue of (sample, gain).
    private var minimumSamples: [Int]
    private var minimumGains: [Float]
    private var minimumHead = 0
    private var minimumCount = 0
    private var envelope: Float = 1
    /// The last `window` envelope values and their sum.
    private var box: [Float]
    private var boxSum: Double
    private var boxIndex = 0
    /// The oversampled peak between the previous sample and the current one.
    private var previousInterval: Float = 0
    private var output: PCMBuffer

    static let windowSeconds = 0.005
    static let releaseSeconds = 0.05

    /// A limiter keeping true peaks at or below `thresholdDBFS` (dBTP) at `sampleRate`.
    init(thresholdDBFS: Double, sampleRate: Int, channels: Int) {
        self.channels = channels
        threshold = Float(pow(10, thresholdDBFS / 20))
        window = max(1, Int((Self.windowSeconds * Double(sampleRate)).rounded()))
        delay = TruePeakInterpolator.lookahead + window - 1
        release = Float(exp(-1 / (Self.releaseSeconds * Double(sampleRate))))
        var ringSize = 1
        while ringSize < delay + TruePeakInterpolator.taps + 1 { ringSize <<= 1 }
        ringMask = ringSize - 1
        history = PCMBuffer(channels: channels, capacity: ringSize)
        minimumSamples = Array(repeating: 0, count: window + 1)
        minimumGains = Array(repeating: 1, count: window + 1)
        box = Array(repeating: 1, count: window)
        boxSum = Double(window)
        output = PCMBuffer(channels: channels, capacity: 4096)
    }

    /// Limits `chunk`; returns the samples that are ready (``delay`` fewer at the start), valid
    /// until the next call.
    mutating func process(_ chunk: PCMChunk) -> PCMChunk {
        output.reserve(chunk.count)
        let out = output.chunk(count: output.capacity)
        let ring = history.chunk(count: ringMask + 1)
        var produced = 0
        for index in 0..<chunk.count {
            for channel in 0..<channels {
                ring.plane(channel)[received & ringMask] = chunk.plane(min(channel, chunk.channels - 1))[index]
            }
            if step(into: out, at: produced) { produced += 1 }
        }
        return output.chunk(count: produced)
    }

    /// Pushes the last ``delay`` samples out (as if followed by silence).
    mutating func flush() -> PCMChunk {
        output.reserve(delay)
        let out = output.chunk(count: output.capacity)
        let ring = history.chunk(count: ringMask + 1)
        var produced = 0
        for _ in 0..<delay {
            for channel in 0..<channels { ring.plane(channel)[received & ringMask] = 0 }
            if step(into: out, at: produced) { produced += 1 }
        }
        return output.chunk(count: produced)
    }

    /// Advances by the sample just stored at `received`; writes one output sample when one is due.
    private mutating func step(into out: PCMChunk, at position: Int) -> Bool {
        let t = received
        received += 1
        let ring = history.chunk(count: ringMask + 1)
        // The peak around sample n = t - lookahead.
        let n = t - TruePeakInterpolator.lookahead
        let first = n - (TruePeakInterpolator.lookahead - 1)
        let taps = TruePeakInterpolator.taps
        var samplePeak: Float = 0
        var interval: Float = 0
        coefficients.withUnsafeBufferPointer { weights in
            for channel in 0..<channels {
                let plane = ring.plane(channel)
                samplePeak = max(samplePeak, abs(plane[n & ringMask]))
                var phase0: Float = 0
                var phase1: Float = 0
                var phase2: Float = 0
                for tap in 0..<taps {
                    let sample = plane[(first + tap) & ringMask]
                    phase0 += weights[tap] * sample
                    phase1 += weights[taps + tap] * sample
                    phase2 += weights[2 * taps + tap] * sample
                }
                interval = max(interval, abs(phase0), abs(phase1), abs(phase2))
            }
        }
        let peak = max(samplePeak, interval, previousInterval)
        previousInterval = interval
        let required: Float = peak > threshold ? threshold / peak : 1
        // Sliding minimum over the last `window` required gains.
        while minimumCount > 0, minimumGains[(minimumHead + minimumCount - 1) % (window + 1)] >= required {
            minimumCount -= 1
        }
        minimumSamples[(minimumHead + minimumCount) % (window + 1)] = n
        minimumGains[(minimumHead + minimumCount) % (window + 1)] = required
        minimumCount += 1
        while minimumSamples[minimumHead] <= n - window {
            minimumHead = (minimumHead + 1) % (window + 1)
            minimumCount -= 1
        }
        let minimum = minimumGains[minimumHead]
        envelope = min(minimum, 1 - (1 - envelope) * release)
        boxSum += Double(envelope) - Double(box[boxIndex])
        box[boxIndex] = envelope
        boxIndex = (boxIndex + 1) % window
        let gain = Float(boxSum / Double(window))
        let o = t - delay
        guard o >= 0 else { return false }
        for channel in 0..<channels { out.plane(channel)[position] = ring.plane(channel)[o & ringMask] * min(gain, 1) }
        return true
    }
}
