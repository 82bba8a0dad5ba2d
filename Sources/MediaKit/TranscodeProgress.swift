/// Where a transcode is, reported from inside the pipeline (decoded timestamps against the
/// container's declared duration), never parsed from a log.
public struct TranscodeProgress: Sendable {
    public enum Phase: String, Sendable {
        case probing, decoding, encoding, finalizing
    }

    public var phase: Phase
    /// 0…1 from decoded timestamps against ``durationSeconds``; `nil` when the duration is unknown.
    public var fraction: Double?
    /// Audio decoded so far, from timestamps or sample counts (never from the declared duration).
    public var decodedSeconds: Double
    /// The container's declared duration, if it has one.
    public var durationSeconds: Double?

    public init(phase: Phase, fraction: Double?, decodedSeconds: Double, durationSeconds: Double?) {
        self.phase = phase
        self.fraction = fraction
        self.decodedSeconds = decodedSeconds
        self.durationSeconds = durationSeconds
    }
}
