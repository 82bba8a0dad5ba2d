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
/// PCM goes through one chain per candidate makeup (``candidatesDB``), each its own limiter
/// and loudness meter, and the makeup is interpolated between the two candidates whose results
/// bracket the target. Without a limiter loudness moves 1:1 with gain and one meter suffices.
struct MakeupSearch: ~Copyable {
    /// Candidate makeups with a limiter, in dB, ascending.
    static let candidatesDB: [Double] = [-3, 0, 1, 2, 3, 4.5, 6]

    private struct Chain: ~Copyable {
        let makeupDB: Double
        let factor: Float
        var limiter: TruePeakLimiter?
        var meter: LoudnessMeter

        mutating func add(_ chunk: PCMChunk, scratch: borrowing PCMBuffer) throws(MediaError) {
            let scaled = scratch.chunk(count: chunk.count)
            for channel in 0..<chunk.channels {
                let source = chunk.plane(channel)
                let target = scaled.plane(channel)
                for index in 0..<chunk.count { target[index] = source[index] * factor }
            }
            let ready = limiter?.process(scaled) ?? scaled
            try meter.add(ready)
        }
    }

    private let chains: UnsafeMutablePointer<Chain>
    private let count: Int
    private var scratch: PCMBuffer

    init(sampleRate: Int, channels: Int, limitDBTP: Double?) throws(MediaError) {
        let makeups = limitDBTP == nil ? [0.0] : Self.candidatesDB
        chains = .allocate(capacity: makeups.count)
        var made = 0
        do throws(MediaError) {
            for makeup in makeups {
                let meter = try LoudnessMeter(sampleRate: sampleRate, channels: channels, truePeak: false)
                let limiter = limitDBTP.map {
                    TruePeakLimiter(thresholdDBFS: $0, sampleRate: sampleRate, channels: channels)
                }
                (chains + made).initialize(
                    to: Chain(
                        makeupDB: makeup, factor: Float(pow(10, makeup / 20)), limiter: limiter, meter: meter))
                made += 1
            }
        } catch {
            chains.deinitialize(count: made)
            chains.deallocate()
            throw error
        }
        count = made
        scratch = PCMBuffer(channels: channels, capacity: 4096)
    }

    deinit {
        chains.deinitialize(count: count)
        chains.deallocate()
    }

    mutating func add(_ chunk: PCMChunk) throws(MediaError) {
        guard chunk.count > 0 else { return }
        scratch.reserve(chunk.count)
        for index in 0..<count { try chains[index].add(chunk, scratch: scratch) }
    }

    /// The makeup in dB that reaches `target` LUFS; `nil` when the audio has no loudness (silence).
    /// Beyond the candidates it extrapolates 1:1 below and stops at the largest above.
    consuming func makeup(toReach target: Double) throws(MediaError) -> Double? {
        var points: [(makeup: Double, loudness: Double)] = []
        for index in 0..<count {
            if let tail = chains[index].limiter?.flush() { try chains[index].meter.add(tail) }
            let measured = try chains[index].meter.finish()
            if let loudness = measured.integratedLUFS { points.append((chains[index].makeupDB, loudness)) }
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
