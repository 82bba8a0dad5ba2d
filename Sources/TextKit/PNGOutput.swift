#if canImport(Glibc)
    import Glibc
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
#endif

/// Owner of a PNG being written as `<path>.part`. ``finish()`` fsyncs it and renames it over
/// `path`, so readers see the old file or the whole new one; if the owner goes away unfinished
/// (an error was thrown), `deinit` closes and removes the `.part`. A class because cairo's write
/// callback reaches it through a raw pointer.
final class PNGOutput {
    let path: String
    let partPath: String
    private var descriptor: Int32
    /// The first write error, kept for the caller (cairo only reports that writing failed).
    private(set) var failure: TextKitError?

    init(path: String) throws {
        self.path = path
        partPath = path + ".part"
        descriptor = open(partPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.error("open", partPath) }
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(partPath)
        }
    }

    /// Writes all of `bytes`, retrying partial writes and EINTR; false (and ``failure`` set) on error.
    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard failure == nil, descriptor >= 0, var next = bytes.baseAddress else { return failure == nil }
        var remaining = bytes.count
        while remaining > 0 {
            let written = systemWrite(descriptor, next, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                failure = Self.error("write", partPath)
                return false
            }
            remaining -= written
            next += written
        }
        return true
    }

    /// fsync, close, rename over `path`. On failure the `.part` is removed.
    func finish() throws {
        guard descriptor >= 0 else { return }
        if let failure { throw failure }
        let fd = descriptor
        descriptor = -1
        if fsync(fd) != 0 {
            let failure = Self.error("fsync", partPath)
            close(fd)
            unlink(partPath)
            throw failure
        }
        if close(fd) != 0 {
            let failure = Self.error("close", partPath)
            unlink(partPath)
            throw failure
        }
        if rename(partPath, path) != 0 {
            let failure = Self.error("rename", path)
            unlink(partPath)
            throw failure
        }
    }

    private static func error(_ function: String, _ path: String) -> TextKitError {
        let code = errno
        let text = strerror(code).map { String(cString: $0) } ?? "errno \(code)"
        return TextKitError(.writeFailed, "\(function) \(path): \(text)", function: function)
    }
}
