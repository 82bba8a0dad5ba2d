import Synchronization

/// A queue from one producer thread to one async consumer that, unlike `AsyncStream`, can be
/// read by successive tasks (one job after another on a reused worker) and whose `next()` is
/// not cut short by task cancellation: a supervisor that is told to stop still hears its
/// worker out.
final class EventChannel<Element: Sendable>: Sendable {
    private struct State {
        var buffer: [Element] = []
        var waiter: CheckedContinuation<Element?, Never>?
        var finished = false
    }

    private let state = Mutex(State())

    func push(_ element: Element) {
        state.withLock { state in
            if let waiter = state.waiter {
                state.waiter = nil
                waiter.resume(returning: element)
            } else {
                state.buffer.append(element)
            }
        }
    }

    /// No more elements: `next()` returns nil once the buffer is empty.
    func finish() {
        state.withLock { state in
            state.finished = true
            state.waiter?.resume(returning: nil)
            state.waiter = nil
        }
    }

    func next() async -> Element? {
        await withCheckedContinuation { continuation in
            state.withLock { state in
                if !state.buffer.isEmpty {
                    continuation.resume(returning: state.buffer.removeFirst())
                } else if state.finished {
                    continuation.resume(returning: nil)
                } else {
                    precondition(state.waiter == nil, "EventChannel has one consumer at a time")
                    state.waiter = continuation
                }
            }
        }
    }
}
