import ArgumentParser
import Foundation

/// Writes to stderr, where errors and progress belong (stdout is for results).
enum FileHandleStandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Prints a message on stderr and exits with `code` (ArgumentParser's `CleanExit` prints on stdout).
enum FailureExit {
    static func message(_ text: String, code: Int32) -> ExitCode {
        FileHandleStandardError.write(text + "\n")
        return ExitCode(code)
    }
}
