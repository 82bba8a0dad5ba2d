/// One line of JSON a worker writes on its report pipe (fd 3). The worker only reports; the
/// daemon alone turns reports into `status.json` and folder moves.
public struct WorkerMessage: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case progress, completed, failed
    }

    public var type: Kind
    // progress
    public var phase: String?
    public var progress: Double?
    public var decodedSeconds: Double?
    public var durationSeconds: Double?
    // completed
    public var outputs: [OutputFile]?
    public var input: InputInfo?
    public var report: ExportReport?
    // failed
    public var error: JobError?
    /// A failure worth retrying (I/O error, out of memory), as opposed to bad input.
    public var transient: Bool?
    /// completed and failed: what the worker used for this job.
    public var resources: ResourceUsage?

    public static func progress(phase: String, progress: Double?, decodedSeconds: Double, durationSeconds: Double?) -> WorkerMessage {
        WorkerMessage(type: .progress, phase: phase, progress: progress, decodedSeconds: decodedSeconds, durationSeconds: durationSeconds)
    }

    public static func completed(outputs: [OutputFile], input: InputInfo?, report: ExportReport? = nil) -> WorkerMessage {
        WorkerMessage(type: .completed, outputs: outputs, input: input, report: report)
    }

    public static func failed(_ error: JobError, transient: Bool) -> WorkerMessage {
        WorkerMessage(type: .failed, error: error, transient: transient)
    }

    /// The fd a worker writes its reports on.
    public static let reportDescriptor: Int32 = 3
}
