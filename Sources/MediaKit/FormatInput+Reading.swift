import CFFmpeg
import SystemPackage

extension FormatInput {
    private var stream: UnsafeMutablePointer<AVStream> { context.pointee.streams[audioStreamIndex]! }

    /// The demuxer's short name, e.g. `wav` or `matroska,webm`.
    var formatName: String { String(cString: context.pointee.iformat.pointee.name) }

    /// The audio codec's name, e.g. `pcm_s16le` or `opus`.
    var codecName: String { String(cString: avcodec_get_name(stream.pointee.codecpar.pointee.codec_id)) }

    /// The audio stream's parameters, to set up the decoder.
    var codecParameters: UnsafePointer<AVCodecParameters> { UnsafePointer(stream.pointee.codecpar) }

    var timeBase: AVRational { stream.pointee.time_base }

    /// The stream's first timestamp, in its time base (0 if unknown).
    var startTimestamp: Int64 {
        let start = stream.pointee.start_time
        return start == cff_nopts_value() ? 0 : start
    }

    /// The declared duration: the container's, else the stream's; `nil` when neither is known.
    var declaredDurationSeconds: Double? {
        let containerDuration = context.pointee.duration
        if containerDuration != cff_nopts_value(), containerDuration > 0 {
            return Double(containerDuration) / Double(cff_time_base())
        }
        let streamDuration = stream.pointee.duration
        if streamDuration != cff_nopts_value(), streamDuration > 0 {
            return Double(streamDuration) * av_q2d(timeBase)
        }
        return nil
    }

    /// Reads the next packet of the audio stream into `packet` (others are skipped);
    /// `false` at the end of the input.
    func readAudioPacket(into packet: borrowing Packet) throws(MediaError) -> Bool {
        while true {
            packet.unref()
            let status = av_read_frame(context, packet.raw)
            if status < 0 {
                if status == cff_averror_eof(), sourceErrno == nil { return false }
                if let errno = sourceErrno { throw MediaError(errno: errno, function: "read") }
                throw MediaError(ffmpeg: status, function: "av_read_frame", fallback: .invalidData)
            }
            if packet.streamIndex == audioStreamIndex { return true }
        }
    }
}
