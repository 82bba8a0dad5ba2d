import CFFmpeg
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A ``PartialFile``'s descriptor as seen by a custom write `AVIOContext`: writes at the
/// descriptor's offset, seeks with `lseek`, answers `AVSEEK_SIZE` from `fstat`. A class because
/// the C callbacks reach it through an `Unmanaged` opaque pointer; ``FormatOutput`` keeps it
/// alive for as long as its `AVIOContext`. It does not own the descriptor.
final class OutputTarget {
    let descriptor: FileDescriptor
    let path: String
    /// The last `errno` a write or seek failed with, for the error message.
    private(set) var lastErrno: Errno?

    init(descriptor: FileDescriptor, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// `write_packet`: writes all of `buffer`; an `AVERROR` on failure.
    func write(_ buffer: UnsafeMutablePointer<UInt8>, count: Int32) -> Int32 {
        do {
            _ = try descriptor.writeAll(UnsafeRawBufferPointer(start: buffer, count: Int(count)))
            return count
        } catch {
            let failure = error as? Errno ?? .ioError
            lastErrno = failure
            return cff_averror(failure.rawValue)
        }
    }

    /// `seek`: SEEK_SET/CUR/END, or the file size for `AVSEEK_SIZE`.
    func seek(offset: Int64, whence: Int32) -> Int64 {
        if whence & cff_avseek_size() != 0 {
            var info = stat()
            guard fstat(descriptor.rawValue, &info) == 0 else { return -1 }
            return Int64(info.st_size)
        }
        let origin: FileDescriptor.SeekOrigin
        switch whence & ~cff_avseek_force() {
        case SEEK_SET: origin = .start
        case SEEK_CUR: origin = .current
        case SEEK_END: origin = .end
        default: return Int64(cff_averror(EINVAL))
        }
        do {
            return try descriptor.seek(offset: offset, from: origin)
        } catch {
            let failure = error as? Errno ?? .ioError
            lastErrno = failure
            return Int64(cff_averror(failure.rawValue))
        }
    }
}

/// The C callbacks handed to `avio_alloc_context` for an output; they capture nothing and find
/// their ``OutputTarget`` through the opaque pointer.
enum OutputTargetCallbacks {
    static let write: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt8>?, Int32) -> Int32 = {
        opaque, buffer, count in
        guard let opaque, let buffer, count >= 0 else { return cff_averror(EINVAL) }
        return Unmanaged<OutputTarget>.fromOpaque(opaque).takeUnretainedValue().write(buffer, count: count)
    }

    static let seek: @convention(c) (UnsafeMutableRawPointer?, Int64, Int32) -> Int64 = { opaque, offset, whence in
        guard let opaque else { return Int64(cff_averror(EINVAL)) }
        return Unmanaged<OutputTarget>.fromOpaque(opaque).takeUnretainedValue().seek(offset: offset, whence: whence)
    }
}
