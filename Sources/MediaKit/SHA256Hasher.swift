import CFFmpeg
import SystemPackage

/// Streaming SHA-256 through libavutil's `av_sha` (no extra dependency); owner of the `AVSHA`
/// context.
public struct SHA256Hasher: ~Copyable {
    private let context: OpaquePointer

    public init() throws(MediaError) {
        guard let context = av_sha_alloc() else { throw .outOfMemory("av_sha_alloc") }
        let status = av_sha_init(context, 256)
        if status < 0 {
            av_free(UnsafeMutableRawPointer(context))
            throw MediaError(ffmpeg: status, function: "av_sha_init")
        }
        self.context = context
    }

    deinit { av_free(UnsafeMutableRawPointer(context)) }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        av_sha_update(context, base.assumingMemoryBound(to: UInt8.self), bytes.count)
    }

    /// The digest as 64 lowercase hex digits.
    public consuming func finalize() -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        digest.withUnsafeMutableBufferPointer { av_sha_final(context, $0.baseAddress) }
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in digest {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// The SHA-256 of the file at `path`, read in 64 KiB chunks.
    public static func hexDigest(ofFileAt path: FilePath) throws(MediaError) -> String {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(path, .readOnly, options: [.closeOnExec])
        } catch {
            throw MediaError(errno: error as? Errno ?? .ioError, function: "open", path: path.string)
        }
        defer { try? descriptor.close() }
        return try hexDigest(of: descriptor, name: path.string)
    }

    /// The SHA-256 of everything in `descriptor`, read with `pread` from offset 0 (its own
    /// offset is left alone), in 64 KiB chunks.
    public static func hexDigest(of descriptor: FileDescriptor, name: String) throws(MediaError) -> String {
        var hasher = try SHA256Hasher()
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { chunk.deallocate() }
        var offset: Int64 = 0
        while true {
            let count: Int
            do {
                count = try descriptor.read(fromAbsoluteOffset: offset, into: chunk)
            } catch {
                throw MediaError(errno: error as? Errno ?? .ioError, function: "pread", path: name)
            }
            if count == 0 { break }
            offset += Int64(count)
            hasher.update(UnsafeRawBufferPointer(rebasing: chunk[..<count]))
        }
        return hasher.finalize()
    }
}
