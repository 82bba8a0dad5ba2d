import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a regular file at absolute offsets (`pread`), leaving the descriptor's offset alone.
/// Every error names the file (`name`), so a failed part in a join says which part it was.
struct PositionalReader {
    let descriptor: FileDescriptor
    let name: String

    /// The file's size; throws ``MediaError/Code/unsupportedFormat`` for something that is not a
    /// regular file (a pipe cannot be scanned twice, and trailing tags are found from the end).
    func size() throws(MediaError) -> Int64 {
        var info = stat()
        guard fstat(descriptor.rawValue, &info) == 0 else {
            throw MediaError(errno: Errno(rawValue: errno), function: "fstat", path: name)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw MediaError(
                .unsupportedFormat, "'\(name)' is not a regular file; MP3 frame copy reads its parts from files")
        }
        return Int64(info.st_size)
    }

    /// Fills `buffer` from `offset` until it is full or the file ends; returns the bytes read.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(MediaError) -> Int {
        var done = 0
        while done < buffer.count {
            let n: Int
            do {
                n = try descriptor.read(
                    fromAbsoluteOffset: offset + Int64(done), into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]))
            } catch {
                throw MediaError(errno: error as? Errno ?? .ioError, function: "pread", path: name)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Up to `count` bytes at `offset` (fewer at the end of the file).
    func bytes(at offset: Int64, count: Int) throws(MediaError) -> [UInt8] {
        guard count > 0, offset >= 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        var failure: MediaError?
        var n = 0
        bytes.withUnsafeMutableBytes { buffer in
            do throws(MediaError) { n = try read(into: buffer, at: offset) } catch { failure = error }
        }
        if let failure { throw failure }
        bytes.removeLast(count - n)
        return bytes
    }
}
