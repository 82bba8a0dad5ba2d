#if canImport(Glibc)
    import Glibc
#endif

/// A secret read from a file or an environment variable, trailing whitespace removed (files
/// usually end with a newline). Its bytes are never part of a message; `origin` is.
struct SecretSource: Sendable {
    var bytes: [UInt8]
    /// The file or variable it came from.
    var origin: String
    var notes: [String] = []

    /// Secrets are small; a larger file is surely the wrong one.
    static let maxBytes = 4096

    init(bytes: [UInt8], origin: String) {
        var bytes = bytes
        while let last = bytes.last, last == 0x20 || (0x09...0x0D).contains(last) { bytes.removeLast() }
        self.bytes = bytes
        self.origin = origin
    }

    /// Follows symlinks, unlike the spool's reads: secrets are mounted that way (Kubernetes,
    /// systemd credentials), and the operator names the file.
    init(file path: String, flag: String) throws(HTTPAccessError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw HTTPAccessError("\(flag) \(path): cannot open it (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw HTTPAccessError("\(flag) \(path): not a regular file")
        }
        var bytes = [UInt8](repeating: 0, count: Self.maxBytes + 1)
        var count = 0
        while count < bytes.count {
            let result = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
            if result < 0 && errno == EINTR { continue }
            guard result >= 0 else { throw HTTPAccessError("\(flag) \(path): cannot read it (\(String(cString: strerror(errno))))") }
            if result == 0 { break }
            count += result
        }
        guard count <= Self.maxBytes else { throw HTTPAccessError("\(flag) \(path): over \(Self.maxBytes) bytes, not a secret file") }
        self.init(bytes: Array(bytes[..<count]), origin: path)
        if info.st_mode & 0o077 != 0 {
            notes.append("\(flag) \(path) can be read by other users (mode \(String(info.st_mode & 0o777, radix: 8))): chmod 600 it")
        }
    }
}
