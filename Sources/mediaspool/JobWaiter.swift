import Foundation
import SpoolCore

#if canImport(Glibc)
    import Glibc
#endif

/// `submit --wait`: follows dropped jobs through the spool's folders until each has completed
/// or failed, drawing a progress bar on a terminal (plain lines otherwise).
struct JobWaiter {
    let layout: SpoolLayout
    let jobs: [DroppedJob]
    let timeout: Double?

    /// 0 when every job completed, 1 when one failed, 2 on timeout.
    func run() async -> Int32 {
        let terminal = isatty(STDERR_FILENO) == 1
        let started = Date()
        var finished: [String: JobStatus] = [:]
        var lastLine: [String: String] = [:]
        while finished.count < jobs.count {
            if let timeout, Date().timeIntervalSince(started) > timeout {
                if terminal { FileHandleStandardError.write("\n") }
                FileHandleStandardError.write("gave up waiting after \(Int(timeout)) s\n")
                return 2
            }
            for job in jobs where finished[job.id] == nil {
                guard let status = currentStatus(of: job) else { continue }
                let line = Self.describe(status, id: job.id, terminal: terminal)
                if status.status == .completed || status.status == .failed {
                    finished[job.id] = status
                    if terminal { FileHandleStandardError.write("\r\u{1B}[2K") }
                    print(line)
                } else if line != lastLine[job.id] {
                    if terminal {
                        FileHandleStandardError.write("\r\u{1B}[2K" + line)
                    } else {
                        FileHandleStandardError.write(line + "\n")
                    }
                }
                lastLine[job.id] = line
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return finished.values.allSatisfy { $0.status == .completed } ? 0 : 1
    }

    private func currentStatus(of job: DroppedJob) -> JobStatus? {
        if let state = layout.locate(job.id), let status = StatusFile.read(from: layout.jobFolder(job.id, in: state)),
            status.source?.name == job.inboxName, status.createdAt >= job.droppedAt
        {
            return status
        }
        guard !FileOps.exists(layout.inbox + "/" + job.inboxName) else { return nil }
        // Gone from the inbox but not under its id: it was rejected (a duplicate id, say).
        let base = InboxName.rejectedBase(job.inboxName) + ".rejected"
        let candidates = ((try? FileOps.list(layout.folder(.failed))) ?? []).filter { $0.hasPrefix(base) }
        return candidates.compactMap { StatusFile.read(from: layout.jobFolder($0, in: .failed)) }
            .filter { $0.source?.name == job.inboxName && $0.createdAt >= job.droppedAt }
            .max { $0.createdAt < $1.createdAt }
    }

    static func describe(_ status: JobStatus, id: String, terminal: Bool) -> String {
        switch status.status {
        case .completed:
            let output = status.outputs.first.map { " → \($0.name) (\($0.size) bytes)" } ?? ""
            return "\(id): completed\(output)"
        case .failed:
            return "\(id): failed: \(status.error ?? "unknown error") [\(status.errorCode ?? "")]"
        case .pending:
            let retry = status.nextAttemptAt.map { " (retry after \($0))" } ?? ""
            return "\(id): pending\(retry)"
        case .processing:
            let width = 30
            let filled = Int((status.progress * Double(width)).rounded(.down))
            let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
            let eta = status.estimatedSeconds.map { " ~\($0) s left" } ?? ""
            let percent = "\(Int(status.progress * 100))%"
            return terminal
                ? "\(id) [\(bar)] \(percent) \(status.phase ?? "")\(eta)"
                : "\(id): \(status.phase ?? "processing") \(percent)"
        }
    }
}
