import CFFmpeg
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The caller's file descriptor as seen by a custom `AVIOContext`: reads start at the offset the
/// descriptor had when this was made, and seeks are relative to it. A class because the C read
/// and seek callbacks reach it through an `Unmanaged` opaque pointer; ``FormatInput`` keeps it
/// alive for as long as its `AVIOContext`.
final class InputSource {
    let descriptor: FileDescriptor
    /// The descriptor's offset when the transcode started: position 0 of the stream.
    let baseOffset: Int64
    /// Whether `lseek` works on the descriptor (a pipe or socket cannot seek).
    let isSeekable: Bool
    /// The last `errno` a read or seek failed with, for the error message.
    private(set) var lastErrno: Errno?
    /// Bytes read so far.
    private(set) var bytesRead: Int64 = 0

    init(_ descriptor: FileDescriptor) {
        self.descriptor = descriptor
        if let offset = try? descriptor.seek(offset: 0, from: .current) {
            baseOffset = offset
            isSeekable = true
        } else {
            baseOffset = 0
            isSeekable = false
        }
    }

    /// `read_packet`: fills `buffer` with up to `count` bytes; `AVERROR_EOF` at the end.
    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int32) -> Int32 {
        do {
            let n = try descriptor.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(count)))
            if n == 0 { return cff_averror_eof() }
            bytesRead += Int64(n)
            return Int32(n)
        } catch {
            let failure = error as? Errno ?? .ioError
            lastErrno = failure
            return cff_averror(failure.rawValue)
        }
    }

    /// `seek`: SEEK_SET/CUR/END relative to ``baseOffset``, or the stream size for `AVSEEK_SIZE`.
    func seek(offset: Int64, whence: Int32) -> Int64 {
        if whence & cff_avseek_size() != 0 {
            var info = stat()
            guard fstat(descriptor.rawValue, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return -1 }
            return Int64(info.st_size) - baseOffset
        }
        let position: Int64
        do {
            switch whence & ~cff_avseek_force() {
            case SEEK_SET: position = try descriptor.seek(offset: baseOffset + offset, from: .start)
            case SEEK_CUR: position = try descriptor.seek(offset: offset, from: .current)
            case SEEK_END: position = try descriptor.seek(offset: offset, from: .end)
            default: return Int64(cff_averror(EINVAL))
            }
        } catch {
            let failure = error as? Errno ?? .ioError
            lastErrno = failure
            return Int64(cff_averror(failure.rawValue))
        }
        return position - baseOffset
    }
}

/// The C callbacks handed to `avio_alloc_context`; they capture nothing and find their
/// ``InputSource`` through the opaque pointer.
enum InputSourceCallbacks {
    static let read: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt8>?, Int32) -> Int32 = {
        opaque, buffer, count in
        guard let opaque, let buffer, count > 0 else { return cff_averror(EINVAL) }
        return Unmanaged<InputSource>.fromOpaque(opaque).takeUnretainedValue().read(into: buffer, count: count)
    }

    static let seek: @convention(c) (UnsafeMutableRawPointer?, Int64, Int32) -> Int64 = { opaque, offset, whence in
        guard let opaque else { return Int64(cff_averror(EINVAL)) }
        return Unmanaged<InputSource>.fromOpaque(opaque).takeUnretainedValue().seek(offset: offset, whence: whence)
    }
}
