#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds the makeup gain that brings a render to a loudness target as it reaches the encoder,
/// limiter included, in one pass over the joined PCM.
///
/// A limiter takes loudness away, the more the harder it works (speech at -16 LUFS with peaks
/// held at -1.5 dBTP loses about 1 LU), so the makeup cannot simply be `target − measured`. The
/// PCM goes through one chain per candidate makeup (``candidatesDB``), each a limiter output
/// and a loudness meter, and the makeup is interpolated between the two candidates whose results
/// bracket the target. The candidates share one ``TruePeakLimiter`` (one output each), so the
/// peak detection runs once. Without a limiter loudness moves 1:1 with gain and one meter
/// suffices.
struct MakeupSearch: ~Copyable {
    /// Candidate makeups with a limiter, in dB, ascending.
    static let candidatesDB: [Double] = [-3, 0, 1, 2, 3, 4.5, 6]

    private let makeups: [Double]
    /// One output per candidate (threshold lowered and gain raised by its makeup), or none
    /// without a ceiling.
    private var limiter: TruePeakLimiter?
    /// One meter per candidate.
    private let meters: UnsafeMutablePointer<LoudnessMeter>
    private let count: Int

    init(sampleRate: Int, channels: Int, limitDBTP: Double?) throws(MediaError) {
        let makeups = limitDBTP == nil ? [0.0] : Self.candidatesDB
        meters = .allocate(capacity: makeups.count)
        var made = 0
        do throws(MediaError) {
            for _ in makeups {
                (meters + made).initialize(
                    to: try LoudnessMeter(sampleRate: sampleRate, channels: channels, truePeak: false))
                made += 1
            }
        } catch {
            meters.deinitialize(count: made)
            meters.deallocate()
            throw error
        }
        count = made
        self.makeups = makeups
        if let limitDBTP {
            // Raising the input by m dB and limiting at L is limiting at L − m, then raising by m.
            let outputs = makeups.map { TruePeakLimiter.Output(thresholdDBFS: limitDBTP - $0, gainDB: $0) }
            limiter = TruePeakLimiter(outputs: outputs, sampleRate: sampleRate, channels: channels)
        }
    }

    deinit {
        meters.deinitialize(count: count)
        meters.deallocate()
    }

    mutating func add(_ chunk: PCMChunk) throws(MediaError) {
        guard chunk.count > 0 else { return }
        guard let produced = limiter?.limit(chunk) else {
            try meters[0].add(chunk)
            return
        }
        try measureOutputs(produced)
    }

    private mutating func measureOutputs(_ produced: Int) throws(MediaError) {
        guard produced > 0 else { return }
        for index in 0..<count {
            guard let ready = limiter?.output(index, count: produced) else { return }
            try meters[index].add(ready)
        }
    }

    /// The makeup in dB that reaches `target` LUFS; `nil` when the audio has no loudness (silence).
    /// Beyond the candidates it extrapolates 1:1 below and stops at the largest above.
    consuming func makeup(toReach target: Double) throws(MediaError) -> Double? {
        if let produced = limiter?.drain() { try measureOutputs(produced) }
        var points: [(makeup: Double, loudness: Double)] = []
        for index in 0..<count {
            if let loudness = try meters[index].finish().integratedLUFS { points.append((makeups[index], loudness)) }
        }
        return Self.interpolate(points, target: target)
    }

    /// The makeup whose loudness is `target` on the polyline through `points` (ascending in both).
    static func interpolate(_ points: [(makeup: Double, loudness: Double)], target: Double) -> Double? {
        guard let first = points.first, let last = points.last else { return nil }
        if target <= first.loudness || points.count == 1 { return first.makeup + (target - first.loudness) }
        for (low, high) in zip(points, points.dropFirst()) where target <= high.loudness {
            let span = high.loudness - low.loudness
            return span > 0 ? low.makeup + (high.makeup - low.makeup) * (target - low.loudness) / span : low.makeup
        }
        return last.makeup
    }
}
