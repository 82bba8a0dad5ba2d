import Foundation
import SpoolCore

/// A person's view of a `status.json`.
enum StatusReport {
    static func render(_ status: JobStatus, state: JobState, folder: String) -> String {
        var lines = ["\(status.jobId)  \(status.kind ?? "?")  \(state == .hold ? "held" : status.status.rawValue)  (\(state.folderName)/)"]
        func row(_ label: String, _ value: String?) {
            if let value { lines.append("  " + label.padding(toLength: 11, withPad: " ", startingAt: 0) + value) }
        }
        if status.status == .processing {
            row("phase", status.phase)
            row("progress", "\(Int(status.progress * 100))%" + (status.estimatedSeconds.map { ", about \($0) s left" } ?? ""))
        }
        row("attempts", "\(status.attempts) of \(status.maxAttempts)")
        if status.kind != nil, status.maxAttempts > 0 { row("priority", "\(status.priority)") }
        row("created", status.createdAt.description)
        row("started", status.startedAt?.description)
        row("completed", status.completedAt?.description)
        row("next try", status.nextAttemptAt?.description)
        for output in status.outputs {
            let duration = output.durationSeconds.map { String(format: ", %.2f s", $0) } ?? ""
            row("output", "\(folder)/\(output.name) (\(output.size) bytes\(duration))")
        }
        if let input = status.input {
            row(
                "input",
                String(
                    format: "%@ %@, %d Hz, %d ch, %.2f s", input.format, input.codec, input.sampleRate, input.channels,
                    input.durationSeconds))
        }
        row("error", status.error.map { "\($0) [\(status.errorCode ?? "")]" })
        for problem in (status.problems ?? []).dropFirst() { row("", "\(problem.message) [\(problem.code)]") }
        row("last error", status.lastError)
        return lines.joined(separator: "\n")
    }
}
