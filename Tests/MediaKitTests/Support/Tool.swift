import Foundation

/// Runs the real media tools (sox, ffmpeg, ffprobe, espeak-ng, sha256sum) for fixtures and checks.
enum Tool {
    struct Failure: Error, CustomStringConvertible {
        var command: [String]
        var status: Int32
        var stderr: String
        var description: String { "\(command.joined(separator: " ")) exited \(status): \(stderr)" }
    }

    /// Runs `arguments` (found on PATH), returns its stdout; throws when it exits non-zero.
    @discardableResult
    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Drain stderr on another thread so neither pipe can fill up and block the tool.
        let errorData = ErrorBox()
        let reader = Thread { errorData.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = errorData.wait()
        guard process.terminationStatus == 0 else {
            throw Failure(
                command: arguments, status: process.terminationStatus,
                stderr: String(decoding: stderr, as: UTF8.self))
        }
        return data
    }

    private final class ErrorBox: @unchecked Sendable {
        private let condition = NSCondition()
        private var data: Data?
        func set(_ value: Data) {
            condition.lock()
            data = value
            condition.signal()
            condition.unlock()
        }
        func wait() -> Data {
            condition.lock()
            defer { condition.unlock() }
            while data == nil { condition.wait() }
            return data!
        }
    }
}
