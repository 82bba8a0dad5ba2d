import CFFmpeg

/// Writes float planar samples into an encoder's frame in the encoder's own sample format:
/// `fltp` (AAC), `flt` interleaved (libopus), `s16` or `s32` interleaved (FLAC, PCM).
///
/// Integer formats are rounded and clipped, as libswresample does without dither; 24-bit
/// output in `s32` is rounded to 24 bits, since encoders keep only the top 24.
enum SampleWriter {
    static func write(_ chunk: PCMChunk, into frame: borrowing Frame, format: AVSampleFormat, bits: Int) {
        let channels = chunk.channels
        let count = chunk.count
        switch format {
        case AV_SAMPLE_FMT_FLTP:
            for channel in 0..<channels {
                let target = UnsafeMutableRawPointer(frame.raw.pointee.extended_data[channel]!)
                    .assumingMemoryBound(to: Float.self)
                target.update(from: chunk.plane(channel), count: count)
            }
        case AV_SAMPLE_FMT_FLT:
            let target = UnsafeMutableRawPointer(frame.raw.pointee.data.0!).assumingMemoryBound(to: Float.self)
            for channel in 0..<channels {
                let source = chunk.plane(channel)
                for index in 0..<count { target[index * channels + channel] = source[index] }
            }
        case AV_SAMPLE_FMT_S16:
            let target = UnsafeMutableRawPointer(frame.raw.pointee.data.0!).assumingMemoryBound(to: Int16.self)
            for channel in 0..<channels {
                let source = chunk.plane(channel)
                for index in 0..<count {
                    target[index * channels + channel] = Int16(clamping: Int((source[index] * 32768).rounded()))
                }
            }
        case AV_SAMPLE_FMT_S32:
            let target = UnsafeMutableRawPointer(frame.raw.pointee.data.0!).assumingMemoryBound(to: Int32.self)
            let scale: Double = bits == 24 ? 8_388_608 : 2_147_483_648
            let shift: Int32 = bits == 24 ? 8 : 0
            let limit = bits == 24 ? 8_388_607 : Int(Int32.max)
            for channel in 0..<channels {
                let source = chunk.plane(channel)
                for index in 0..<count {
                    let value = max(min(Int((Double(source[index]) * scale).rounded()), limit), -limit - 1)
                    target[index * channels + channel] = Int32(value) << shift
                }
            }
        default:
            preconditionFailure("SampleWriter: unsupported sample format \(format)")
        }
    }
}
