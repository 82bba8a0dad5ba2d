/// Maps the progress of each stage of an export (fetching, measuring, encoding) onto one
/// fraction for `status.json`, each stage owning a share of 0…1 in proportion to its weight,
/// so the reported progress only moves forward across stages.
struct StageProgress {
    enum Stage: Int, Comparable, CaseIterable {
        case fetching, measuring, encoding

        static func < (lhs: Stage, rhs: Stage) -> Bool { lhs.rawValue < rhs.rawValue }

        /// Rough shares of the work: decoding for a loudness scan costs about a third of an encode.
        var weight: Double {
            switch self {
            case .fetching: 0.15
            case .measuring: 0.3
            case .encoding: 1
            }
        }
    }

    let stages: [Stage]

    init(_ stages: [Stage]) {
        self.stages = stages.sorted()
    }

    /// The overall fraction when `stage` is `fraction` done.
    func overall(_ stage: Stage, _ fraction: Double?) -> Double? {
        let total = stages.reduce(0) { $0 + $1.weight }
        guard total > 0, stages.contains(stage) else { return fraction }
        let before = stages.filter { $0 < stage }.reduce(0) { $0 + $1.weight }
        let share = min(max(fraction ?? 0, 0), 1) * stage.weight
        return (before + share) / total
    }
}
