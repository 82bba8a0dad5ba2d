import CFFmpeg

/// Owner of one `AVPacket`, reused for every packet read (`av_packet_unref` between uses).
struct Packet: ~Copyable {
    let raw: UnsafeMutablePointer<AVPacket>

    init() throws(MediaError) {
        guard let packet = av_packet_alloc() else { throw .outOfMemory("av_packet_alloc") }
        raw = packet
    }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = raw
        av_packet_free(&packet)
    }

    var streamIndex: Int { Int(raw.pointee.stream_index) }

    /// Drops the payload so the packet can be filled again.
    func unref() { av_packet_unref(raw) }
}
