/// Turns decoding positions into ``TranscodeProgress`` reports: one per phase change, and at
/// most about ten a second in between. Fractions never go backwards.
struct ProgressMeter {
    /// The declared duration, once the input is open.
    var durationSeconds: Double?
    private(set) var phase: TranscodeProgress.Phase = .probing
    private(set) var decodedSeconds = 0.0
    private var lastReport: ContinuousClock.Instant?
    private let clock = ContinuousClock()

    static let interval = Duration.milliseconds(100)

    var report: TranscodeProgress {
        var fraction: Double?
        if let durationSeconds, durationSeconds > 0 { fraction = min(max(decodedSeconds / durationSeconds, 0), 1) }
        return TranscodeProgress(
            phase: phase, fraction: fraction, decodedSeconds: decodedSeconds, durationSeconds: durationSeconds)
    }

    /// Moves to `phase`; returns a report if the phase changed.
    mutating func enter(_ phase: TranscodeProgress.Phase) -> TranscodeProgress? {
        guard phase != self.phase else { return nil }
        self.phase = phase
        lastReport = clock.now
        return report
    }

    /// Records that audio up to `seconds` is decoded; returns a report when one is due.
    mutating func advance(to seconds: Double) -> TranscodeProgress? {
        decodedSeconds = max(decodedSeconds, seconds)
        let now = clock.now
        if let lastReport, lastReport.duration(to: now) < Self.interval { return nil }
        lastReport = now
        return report
    }
}
