import Foundation
import SpoolCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension SpoolFixture {
    /// Waits until `id` is encoding (attempt `attempt`, if given) and sends `signal` to its worker
    /// the moment it is seen: polled from a Dispatch thread, since synchronous media tests may hold
    /// the test threads for longer than the encode takes.
    func signalWorker(of id: String, attempt: Int? = nil, _ signal: Int32) async throws -> pid_t {
        let worker: pid_t? = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let deadline = Date().addingTimeInterval(120)
                while Date() < deadline {
                    if let status = self.status(of: id), status.status == .processing, status.progress >= 0.05,
                        attempt == nil || status.attempts == attempt, let pid = status.workerPid
                    {
                        kill(pid, signal)
                        continuation.resume(returning: pid)
                        return
                    }
                    usleep(10_000)
                }
                continuation.resume(returning: nil)
            }
        }
        return try #require(worker, "\(id) was never seen encoding: \(spoolListing())\n\(daemonLog.suffix(2000))")
    }
}
