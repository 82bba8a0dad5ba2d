import CFFmpeg
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension MediaError {
    /// FFmpeg's text for an `AVERROR` code, from `av_strerror`.
    static func ffmpegText(_ errorCode: Int32) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 128) { buffer in
            buffer.initialize(repeating: 0)
            return String(cString: cff_err2str(errorCode, buffer.baseAddress, buffer.count))
        }
    }

    /// An error for a failed FFmpeg call, worded `function: text` (as `av_err2str` would print it).
    ///
    /// The code follows the `AVERROR`: `AVERROR_INVALIDDATA` → ``Code/invalidData``, `ENOMEM` →
    /// ``Code/outOfMemory``, and so on; anything else gets `fallback`. FFmpeg's `EIO` and `EOF`
    /// are not storage failures here (demuxers return them for truncated or malformed data); a real
    /// read failure is caught by ``InputSource`` and reported with its errno instead.
    init(ffmpeg errorCode: Int32, function: String, fallback: Code = .internal, hint: String? = nil) {
        var text = "\(function): \(MediaError.ffmpegText(errorCode))"
        if let hint { text += "; \(hint)" }
        self.init(
            MediaError.code(forAVError: errorCode, fallback: fallback), text, function: function, rawCode: errorCode)
    }

    static func code(forAVError errorCode: Int32, fallback: Code) -> Code {
        switch errorCode {
        case cff_averror_invaliddata(): return .invalidData
        case cff_averror_decoder_not_found(): return .decoderNotFound
        case cff_averror_demuxer_not_found(): return .unsupportedFormat
        case cff_averror_stream_not_found(): return .noAudioStream
        case cff_averror_enomem(): return .outOfMemory
        case cff_averror_bug(): return .internal
        default: return fallback
        }
    }

    /// An error for a failed system call (read, write, fsync, rename …), always ``Code/io``
    /// except for `ENOMEM`.
    init(errno value: Errno, function: String, path: String? = nil) {
        let subject = path.map { " '\($0)'" } ?? ""
        let code: Code = value == .noMemory ? .outOfMemory : .io
        self.init(code, "\(function)\(subject): \(value.description)", function: function, rawCode: value.rawValue)
    }

    static func outOfMemory(_ function: String) -> MediaError {
        MediaError(.outOfMemory, "\(function): out of memory", function: function, rawCode: cff_averror_enomem())
    }
}
