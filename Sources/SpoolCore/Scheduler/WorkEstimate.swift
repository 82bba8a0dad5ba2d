/// How long a running job still needs. Early on, from measured history (seconds of work per
/// second of input, from the ledger) times the input's length; once the job has made real
/// progress, from its own pace, which knows this machine's load today.
struct WorkEstimate: Sendable {
    /// Seconds of work per second of input.
    let ratio: Double

    /// Progress from which the job's own pace is trusted alone.
    static let ownPaceFrom = 0.25

    func remainingSeconds(progress: Double, elapsed: Double, inputSeconds: Double?) -> Int? {
        let fromHistory = inputSeconds.map { ratio * $0 * (1 - progress) }
        let fromPace = progress >= 0.02 ? elapsed / progress * (1 - progress) : nil
        let seconds: Double?
        switch (fromHistory, fromPace) {
        case (let history?, let pace?):
            // Shift the weight from history to pace as the job advances.
            let weight = min(1, progress / Self.ownPaceFrom)
            seconds = history * (1 - weight) + pace * weight
        case (let history?, nil): seconds = history
        case (nil, let pace?): seconds = pace
        case (nil, nil): seconds = nil
        }
        return seconds.map { Int($0.rounded(.up)) }
    }
}
