/// What happens to the joined PCM between the parts and the encoder: the optional true-peak
/// limiter, then the optional loudness measurement of exactly what the encoder gets. Counts
/// the samples that went in, which is the output's timeline (the limiter keeps the count).
struct RenderPipeline: ~Copyable {
    private var limiter: TruePeakLimiter?
    private var meter: LoudnessMeter?
    /// Samples per channel handed in so far.
    private(set) var samples: Int64 = 0

    init(sampleRate: Int, channels: Int, limitDBTP: Double?, measure: Bool) throws(MediaError) {
        if let limitDBTP {
            limiter = TruePeakLimiter(thresholdDBFS: limitDBTP, sampleRate: sampleRate, channels: channels)
        }
        if measure { meter = try LoudnessMeter(sampleRate: sampleRate, channels: channels) }
    }

    /// The samples to encode for `chunk`: `chunk` itself without a limiter; with one, what it
    /// lets out (valid until the next call).
    mutating func process(_ chunk: PCMChunk) throws(MediaError) -> PCMChunk {
        samples += Int64(chunk.count)
        let ready = limiter?.process(chunk) ?? chunk
        try meter?.add(ready)
        return ready
    }

    /// What the limiter still holds, at the end (empty without one).
    mutating func drain() throws(MediaError) -> PCMChunk? {
        guard let tail = limiter?.flush() else { return nil }
        try meter?.add(tail)
        return tail
    }

    /// The loudness of everything handed to the encoder, when measured.
    consuming func measurement() throws(MediaError) -> LoudnessMeasurement? {
        guard var meter = meter.take() else { return nil }
        return try meter.finish()
    }
}
