import Foundation

/// Reads and writes `status.json` in a job folder. Writes go to a temporary name, are
/// fsynced and renamed over the old file, and the folder is fsynced: a reader (or a crash)
/// sees the old status or the new one, never a torn one.
public enum StatusFile {
    public static let name = "status.json"

    public static func encode(_ status: JobStatus) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // JobStatus holds only strings, numbers and arrays of them: encoding cannot fail.
        return Array((try? encoder.encode(status)) ?? Data()) + [10]
    }

    public static func decode(_ bytes: [UInt8]) throws -> JobStatus {
        try JSONDecoder().decode(JobStatus.self, from: Data(bytes))
    }

    /// Writes `status` into `folder` atomically; `sync: false` skips the fsyncs (for files
    /// that a later batch-wide `syncfs` makes durable).
    public static func write(_ status: JobStatus, to folder: String, sync: Bool = true) throws(SpoolError) {
        try FileOps.writeAtomically(folder + "/" + name, encode(status), sync: sync)
    }

    /// The status in `folder`; nil when there is none or it cannot be read.
    public static func read(from folder: String) -> JobStatus? {
        guard let (bytes, _) = try? FileOps.readRegularFile(folder + "/" + name, maxBytes: 4 << 20) else { return nil }
        return try? decode(bytes)
    }
}
