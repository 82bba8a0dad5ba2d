import Foundation
import Ledger
import SpoolCore

/// `list` as a table: one line per job, columns padded to their widest value.
enum JobTable {
    static let header = ["ID", "KIND", "STATE", "USER", "PROGRESS", "CREATED", "INPUT", "RESULT"]

    static func render(_ rows: [JobRow]) -> String {
        guard !rows.isEmpty else { return "no jobs" }
        let lines = [header] + rows.map(columns)
        var widths = Array(repeating: 0, count: header.count)
        for line in lines { for (index, cell) in line.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return lines.map { line in
            line.enumerated().map { index, cell in
                index == line.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    static func columns(_ row: JobRow) -> [String] {
        let status = row.jobStatus
        var progress = "-"
        if row.state == JobState.processing.rawValue, let status {
            progress = "\(Int(status.progress * 100))%" + (status.phase.map { " \($0)" } ?? "")
        } else if row.status == "completed" {
            progress = "100%"
        }
        let created = String(Timestamp(microseconds: row.createdAt).description.prefix(19)).replacingOccurrences(of: "T", with: " ")
        let input = row.inputSeconds.map { String(format: "%.1fs", $0) } ?? "-"
        var result = "-"
        if let code = row.errorCode {
            result = code + (status?.errorField.map { " (\($0))" } ?? "")
        } else if let size = row.outputSize {
            result = "\(size) bytes"
        }
        return [row.id, row.kind ?? "?", row.state, row.userId ?? "-", progress, created, input, result]
    }
}
