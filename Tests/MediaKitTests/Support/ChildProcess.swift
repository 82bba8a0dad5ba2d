import Foundation

/// Waiting for a child test process without holding a thread async tests share.
enum ChildProcess {
    /// Reads `pipe` to its end and waits for `process`, on a Dispatch thread: a child that runs
    /// for a minute would otherwise hold one of the few cooperative threads, and the
    /// timing-sensitive end-to-end tests (a kill mid-encode) could not poll in time.
    static func output(of process: Process, pipe: Pipe) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: String(decoding: data, as: UTF8.self))
            }
        }
    }
}
