import SpoolCore

/// Sits in front of the daemon's observer (the ledger): passes every change on, and tells the
/// ``CallbackService`` of each job that has just finished, so its callback is queued at once
/// rather than at the next sweep.
public struct CallbackObserver: JobObserver {
    public let next: any JobObserver
    public let service: CallbackService

    public init(next: any JobObserver, service: CallbackService) {
        self.next = next
        self.service = service
    }

    public func record(_ change: JobChange) {
        next.record(change)
        switch change.event {
        case .completed, .failed, .cancelled, .rejected:
            if let state = change.state { service.jobFinished(change.id, in: state) }
        default:
            break
        }
    }

    public func workRatio(kind: JobKind, optionsKey: String) -> Double? {
        next.workRatio(kind: kind, optionsKey: optionsKey)
    }

    public func record(callback attempt: CallbackAttempt) {
        next.record(callback: attempt)
    }
}
