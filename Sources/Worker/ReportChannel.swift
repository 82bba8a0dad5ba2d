import Foundation
import SpoolCore

#if canImport(Glibc)
    import Glibc
#endif

/// Writes ``WorkerMessage``s, one JSON line each, on the report pipe (fd 3). Run by hand,
/// without that fd, a worker reports on stdout instead.
public struct ReportChannel: Sendable {
    let fd: Int32

    public init() {
        fd = fcntl(WorkerMessage.reportDescriptor, F_GETFD) >= 0 ? WorkerMessage.reportDescriptor : STDOUT_FILENO
    }

    public func send(_ message: WorkerMessage) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard var line = try? encoder.encode(message) else { return }
        line.append(10)
        line.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // the daemon is gone; nothing left to tell
                }
                offset += written
            }
        }
    }
}
