import CFFmpeg
import SystemPackage

/// Decoded audio frames of the input's best audio stream, one at a time, into one reused
/// ``Frame``: owns the ``FormatInput``, ``AudioDecoder`` and ``Packet`` that produce them.
///
/// A packet the decoder rejects as corrupt is skipped, as the ffmpeg CLI does; a long run of
/// them ends the transcode with ``MediaError/Code/invalidData``.
struct AudioFrameReader: ~Copyable {
    let input: FormatInput
    let decoder: AudioDecoder
    private let packet: Packet
    /// The current frame, valid after ``next()`` returned `true`.
    let frame: Frame
    private var draining = false
    private var packetPending = false
    private var consecutiveErrors = 0
    /// Packets skipped because the decoder rejected them.
    private(set) var skippedPackets = 0
    /// The last decoding error, for the message when nothing decodes.
    private(set) var lastError: MediaError?

    static let maxConsecutiveErrors = 64

    init(descriptor: FileDescriptor, name: String, limits: DecodeLimits) throws(MediaError) {
        let input = try FormatInput(descriptor: descriptor, name: name, limits: limits)
        let decoder = try AudioDecoder(input: input)
        let packet = try Packet()
        let frame = try Frame()
        self.input = input
        self.decoder = decoder
        self.packet = packet
        self.frame = frame
    }

    /// Decodes the next frame into ``frame``; `false` when the input and the decoder are drained.
    mutating func next() throws(MediaError) -> Bool {
        while true {
            let received: AudioDecoder.Received
            do throws(MediaError) {
                received = try decoder.receive(into: frame)
            } catch {
                try skip(error)
                continue
            }
            switch received {
            case .frame:
                consecutiveErrors = 0
                if frame.sampleCount > 0 { return true }
            case .endOfStream:
                return false
            case .needsInput:
                if draining { return false }
                if !packetPending {
                    guard try input.readAudioPacket(into: packet) else {
                        try decoder.sendEndOfStream()
                        draining = true
                        continue
                    }
                }
                do throws(MediaError) {
                    let accepted = try decoder.send(packet)
                    if !accepted && packetPending {
                        throw MediaError(.internal, "avcodec_send_packet: the decoder refuses input and has no output")
                    }
                    packetPending = !accepted
                } catch {
                    packetPending = false
                    try skip(error)
                }
            }
        }
    }

    /// Counts a packet the decoder rejected as invalid data; rethrows any other error, and
    /// gives up after too many in a row.
    private mutating func skip(_ error: MediaError) throws(MediaError) {
        guard error.code == .invalidData else { throw error }
        skippedPackets += 1
        consecutiveErrors += 1
        lastError = error
        if consecutiveErrors > Self.maxConsecutiveErrors {
            throw MediaError(
                .invalidData,
                "\(error.message); \(consecutiveErrors) packets in a row could not be decoded, the input is corrupt",
                function: error.function, rawCode: error.rawCode)
        }
    }

    /// Where the current frame ends, in seconds from the stream's start, from its timestamp;
    /// `nil` when the frame has none.
    var frameEndSeconds: Double? {
        guard let timestamp = frame.timestamp, frame.sampleRate > 0 else { return nil }
        let start = Double(timestamp - input.startTimestamp) * av_q2d(input.timeBase)
        return start + Double(frame.sampleCount) / Double(frame.sampleRate)
    }
}
