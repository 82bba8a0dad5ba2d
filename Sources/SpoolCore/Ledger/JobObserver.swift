/// Told of every change the daemon makes to a job (the ledger is one). `record` is called
/// from the intake thread and from the scheduler's tasks, so it must return at once: an
/// observer that stores changes queues them and writes elsewhere. The folders stay the truth,
/// so an observer that fails loses history, never a job.
public protocol JobObserver: Sendable {
    func record(_ change: JobChange)
    /// Measured seconds of work per second of input for this kind and options, if known.
    func workRatio(kind: JobKind, optionsKey: String) -> Double?
    /// Told of every try to deliver a callback; like `record(_:)` it must return at once.
    func record(callback attempt: CallbackAttempt)
}

extension JobObserver {
    public func record(callback attempt: CallbackAttempt) {}
}

/// Observes nothing: the daemon without a ledger, and tests.
public struct NoJobObserver: JobObserver {
    public init() {}
    public func record(_ change: JobChange) {}
    public func workRatio(kind: JobKind, optionsKey: String) -> Double? { nil }
}
