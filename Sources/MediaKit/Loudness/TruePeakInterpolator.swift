#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// 4× oversampling for true-peak detection (ITU-R BS.1770-4 Annex 2): the three points between
/// two samples, each from 12 neighbouring samples through a Hann-windowed sinc, every phase
/// normalised to unity gain at DC.
enum TruePeakInterpolator {
    /// Taps per phase; the interpolation between samples `n` and `n+1` reads `n-5 … n+6`.
    static let taps = 12
    /// Samples after `n` that interpolating between `n` and `n+1` needs.
    static let lookahead = 6

    /// `coefficients[phase][tap]` for phases ¼, ½, ¾; tap `j` weighs sample `n - 5 + j`.
    static let coefficients: [[Float]] = (1...3).map { phase in
        let fraction = Double(phase) / 4
        let raw = (0..<taps).map { tap -> Double in
            let t = Double(tap - 5) - fraction
            let sinc = t == 0 ? 1 : sin(Double.pi * t) / (Double.pi * t)
            let window = 0.5 * (1 + cos(Double.pi * t / Double(lookahead)))
            return sinc * window
        }
        let sum = raw.reduce(0, +)
        return raw.map { Float($0 / sum) }
    }
}
