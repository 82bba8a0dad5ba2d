import CLame

/// Owner of a `lame_t` set up for one output (rate, channels, CBR or VBR) and of the MP3 buffer
/// it encodes into. Input is float planar at the output rate: the resampler does the rest.
///
/// LAME writes a placeholder frame first; after ``flush(_:)``, ``lametagFrame()`` returns the
/// finished LAME/Xing frame (frame count, bytes, seek TOC) to write over it. See `lame.h`.
struct LameEncoder: ~Copyable {
    private let flags: OpaquePointer
    let sampleRate: Int
    let channels: Int
    private let buffer: UnsafeMutablePointer<UInt8>

    /// Samples per channel handed to LAME in one call; the buffer is sized for it
    /// (1.25 × samples + 7200, as `lame.h` asks).
    private static let chunkSamples = 8192
    private static let bufferSize = chunkSamples * 5 / 4 + 7200

    /// The LAME version, e.g. `3.100`.
    static var version: String { String(cString: get_lame_version()) }

    init(sampleRate: Int, channels: Int, rateControl: MP3Settings.RateControl) throws(MediaError) {
        guard let flags = lame_init() else { throw .outOfMemory("lame_init") }
        lame_set_num_channels(flags, Int32(channels))
        lame_set_in_samplerate(flags, Int32(sampleRate))
        lame_set_out_samplerate(flags, Int32(sampleRate))
        lame_set_mode(flags, channels == 1 ? MONO : JOINT_STEREO)
        switch rateControl {
        case .constant(let kbps):
            lame_set_VBR(flags, vbr_off)
            lame_set_brate(flags, Int32(kbps))
        case .variable(let quality):
            lame_set_VBR(flags, vbr_mtrh)
            lame_set_VBR_quality(flags, Float(quality))
        }
        lame_set_write_id3tag_automatic(flags, 0)  // ID3v2Writer writes the tag
        lame_set_bWriteVbrTag(flags, 1)
        let status = lame_init_params(flags)
        if status < 0 {
            lame_close(flags)
            throw MediaError(
                .invalidSettings,
                "lame_init_params: LAME rejected \(rateControl) at \(sampleRate) Hz, \(channels) channel(s)",
                function: "lame_init_params", rawCode: status)
        }
        if case .constant(let kbps) = rateControl, lame_get_brate(flags) != Int32(kbps) {
            let chosen = lame_get_brate(flags)
            lame_close(flags)
            throw MediaError(
                .invalidSettings, "bitrate \(kbps) kbps is not valid at \(sampleRate) Hz (LAME would use \(chosen))",
                function: "lame_init_params")
        }
        self.flags = flags
        self.sampleRate = sampleRate
        self.channels = channels
        buffer = .allocate(capacity: Self.bufferSize)
    }

    deinit {
        lame_close(flags)
        buffer.deallocate()
    }

    /// Encodes `count` samples per channel (right is ignored for mono) and hands the MP3 bytes
    /// LAME produced to `sink`.
    func encode(
        left: UnsafePointer<Float>, right: UnsafePointer<Float>, count: Int,
        _ sink: (UnsafeRawBufferPointer) throws(MediaError) -> Void
    ) throws(MediaError) {
        var done = 0
        while done < count {
            let chunk = min(Self.chunkSamples, count - done)
            let written = lame_encode_buffer_ieee_float(
                flags, left + done, right + done, Int32(chunk), buffer, Int32(Self.bufferSize))
            if written < 0 { throw Self.encodeError(written, function: "lame_encode_buffer_ieee_float") }
            if written > 0 { try sink(UnsafeRawBufferPointer(start: buffer, count: Int(written))) }
            done += chunk
        }
    }

    /// Encodes what LAME still buffers (the last frames and their padding).
    func flush(_ sink: (UnsafeRawBufferPointer) throws(MediaError) -> Void) throws(MediaError) {
        let written = lame_encode_flush(flags, buffer, Int32(Self.bufferSize))
        if written < 0 { throw Self.encodeError(written, function: "lame_encode_flush") }
        if written > 0 { try sink(UnsafeRawBufferPointer(start: buffer, count: Int(written))) }
    }

    /// The finished LAME/Xing frame, to write over the placeholder frame; call after ``flush(_:)``.
    func lametagFrame() -> [UInt8] {
        let size = lame_get_lametag_frame(flags, nil, 0)
        guard size > 0 else { return [] }
        var frame = [UInt8](repeating: 0, count: size)
        let written = frame.withUnsafeMutableBufferPointer { lame_get_lametag_frame(flags, $0.baseAddress, size) }
        return written == size ? frame : []
    }

    private static func encodeError(_ code: Int32, function: String) -> MediaError {
        let reason =
            switch code {
            case -1: "the MP3 buffer was too small"
            case -2: "out of memory"
            case -3: "lame_init_params was not called"
            case -4: "psycho-acoustic problem"
            default: "error \(code)"
            }
        return MediaError(
            code == -2 ? .outOfMemory : .encoder, "\(function): \(reason)", function: function, rawCode: code)
    }
}
