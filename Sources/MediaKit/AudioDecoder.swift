import CFFmpeg

/// Owner of an opened `AVCodecContext` decoding the input's audio stream.
///
/// Follows the send/receive model of
/// [avcodec_send_packet](https://ffmpeg.org/doxygen/5.1/group__lavc__decoding.html): a packet is
/// sent, then frames are received until `EAGAIN`; at the end a `NULL` packet drains the decoder.
struct AudioDecoder: ~Copyable {
    private let context: UnsafeMutablePointer<AVCodecContext>

    /// The outcome of ``receive(into:)``.
    enum Received { case frame, needsInput, endOfStream }

    init(input: borrowing FormatInput) throws(MediaError) {
        guard let context = avcodec_alloc_context3(input.decoder) else {
            throw .outOfMemory("avcodec_alloc_context3")
        }
        var function = "avcodec_parameters_to_context"
        var status = avcodec_parameters_to_context(context, input.codecParameters)
        if status >= 0 {
            context.pointee.pkt_timebase = input.timeBase
            function = "avcodec_open2"
            status = avcodec_open2(context, input.decoder, nil)
        }
        if status < 0 {
            var owned: UnsafeMutablePointer<AVCodecContext>? = context
            avcodec_free_context(&owned)
            throw MediaError(ffmpeg: status, function: function, fallback: .invalidData)
        }
        self.context = context
    }

    deinit {
        var owned: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&owned)
    }

    /// The decoder's idea of the input (valid after opening; frames may still differ).
    var sampleRate: Int { Int(context.pointee.sample_rate) }
    var channelCount: Int { Int(context.pointee.ch_layout.nb_channels) }

    /// Sends one packet. Returns `false` when the decoder wants its frames received first
    /// (`EAGAIN`); send the same packet again after that.
    func send(_ packet: borrowing Packet) throws(MediaError) -> Bool {
        try send(raw: packet.raw)
    }

    /// Sends the end of the stream, so the decoder hands out what it still holds.
    func sendEndOfStream() throws(MediaError) {
        _ = try send(raw: nil)
    }

    private func send(raw: UnsafeMutablePointer<AVPacket>?) throws(MediaError) -> Bool {
        let status = avcodec_send_packet(context, raw)
        if status == cff_averror_eagain() { return false }
        if status == cff_averror_eof() { return true }  // already draining
        if status < 0 { throw MediaError(ffmpeg: status, function: "avcodec_send_packet", fallback: .invalidData) }
        return true
    }

    /// Receives the next decoded frame into `frame`.
    func receive(into frame: borrowing Frame) throws(MediaError) -> Received {
        frame.unref()
        let status = avcodec_receive_frame(context, frame.raw)
        if status == cff_averror_eagain() { return .needsInput }
        if status == cff_averror_eof() { return .endOfStream }
        if status < 0 { throw MediaError(ffmpeg: status, function: "avcodec_receive_frame", fallback: .invalidData) }
        return .frame
    }
}
