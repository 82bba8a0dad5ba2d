import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Owner of an output being written as `<path>.part`. ``finish()`` fsyncs it, renames it to
/// its final name and fsyncs the folder; if the owner goes away unfinished (an error was thrown),
/// `deinit` closes and removes the `.part`, so no half-written output remains.
struct PartialFile: ~Copyable {
    let finalPath: FilePath
    let partPath: FilePath
    private var descriptor: FileDescriptor?

    init(finalPath: FilePath) throws(MediaError) {
        self.finalPath = finalPath
        partPath = FilePath(finalPath.string + ".part")
        do {
            descriptor = try FileDescriptor.open(
                partPath, .readWrite, options: [.create, .truncate, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch {
            throw MediaError(errno: error as? Errno ?? .ioError, function: "open", path: partPath.string)
        }
    }

    deinit {
        if let descriptor {
            try? descriptor.close()
            unlink(partPath.string)
        }
    }

    /// Appends `bytes` at the descriptor's offset (the end: nothing else moves it).
    func write(_ bytes: UnsafeRawBufferPointer) throws(MediaError) {
        guard let descriptor, !bytes.isEmpty else { return }
        do {
            _ = try descriptor.writeAll(bytes)
        } catch {
            throw MediaError(errno: error as? Errno ?? .ioError, function: "write", path: partPath.string)
        }
    }

    func write(_ bytes: [UInt8]) throws(MediaError) {
        var failure: MediaError?
        bytes.withUnsafeBytes { buffer in
            do throws(MediaError) { try write(buffer) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// The open `.part` descriptor, for a custom `AVIOContext` that writes and seeks through it
    /// (see ``OutputTarget``); this value stays its owner. `nil` once finished.
    var openDescriptor: FileDescriptor? { descriptor }

    /// Reads up to `count` bytes at `offset` with `pread` (to patch a header already written).
    func read(at offset: Int64, count: Int) throws(MediaError) -> [UInt8] {
        guard let descriptor, count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        do {
            let read = try bytes.withUnsafeMutableBytes { try descriptor.read(fromAbsoluteOffset: offset, into: $0) }
            bytes.removeSubrange(read...)
        } catch {
            throw MediaError(errno: error as? Errno ?? .ioError, function: "pread", path: partPath.string)
        }
        return bytes
    }

    /// Bytes written so far: the descriptor's offset.
    func size() throws(MediaError) -> Int64 {
        guard let descriptor else { return 0 }
        do {
            return try descriptor.seek(offset: 0, from: .current)
        } catch {
            throw MediaError(errno: error as? Errno ?? .ioError, function: "lseek", path: partPath.string)
        }
    }

    /// The `.part` file's size from `fstat` (not the offset, which a muxer may have moved back).
    func fileSize() throws(MediaError) -> Int64 {
        guard let descriptor else { return 0 }
        var info = stat()
        guard fstat(descriptor.rawValue, &info) == 0 else {
            throw MediaError(errno: Errno(rawValue: errno), function: "fstat", path: partPath.string)
        }
        return Int64(info.st_size)
    }

    /// Overwrites bytes at `offset` (the LAME tag over its placeholder frame) with `pwrite`,
    /// leaving the append offset alone.
    func overwrite(_ bytes: [UInt8], at offset: Int64) throws(MediaError) {
        guard let descriptor, !bytes.isEmpty else { return }
        do {
            _ = try bytes.withUnsafeBytes { try descriptor.writeAll(toAbsoluteOffset: offset, $0) }
        } catch {
            throw MediaError(errno: error as? Errno ?? .ioError, function: "pwrite", path: partPath.string)
        }
    }

    /// fsync, close, rename to the final name, fsync the parent folder. On failure the `.part`
    /// (and a final file this call renamed into place) is removed.
    consuming func finish() throws(MediaError) {
        guard let descriptor else { return }
        if fsync(descriptor.rawValue) != 0 {
            throw MediaError(errno: Errno(rawValue: errno), function: "fsync", path: partPath.string)
        }
        self.descriptor = nil
        do {
            try descriptor.close()
        } catch {
            unlink(partPath.string)
            throw MediaError(errno: error as? Errno ?? .ioError, function: "close", path: partPath.string)
        }
        if rename(partPath.string, finalPath.string) != 0 {
            let failure = Errno(rawValue: errno)
            unlink(partPath.string)
            throw MediaError(errno: failure, function: "rename", path: finalPath.string)
        }
        if let failure = Self.syncFolder(of: finalPath) {
            unlink(finalPath.string)
            throw MediaError(errno: failure, function: "fsync", path: finalPath.removingLastComponent().string)
        }
    }

    /// fsyncs the folder holding `path`, so the rename survives a crash; the errno on failure.
    private static func syncFolder(of path: FilePath) -> Errno? {
        var folder = path.removingLastComponent()
        if folder.isEmpty { folder = "." }
        let fd = open(folder.string, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return Errno(rawValue: errno) }
        defer { close(fd) }
        return fsync(fd) == 0 ? nil : Errno(rawValue: errno)
    }
}
