/// Owner of `channels` float planes that grow to the largest size asked for and are reused, so
/// memory stays bounded however long the audio is. Hands out ``PCMChunk`` views of its planes.
struct PCMBuffer: ~Copyable {
    let channels: Int
    private(set) var capacity = 0
    private let planes: UnsafeMutablePointer<UnsafeMutablePointer<Float>?>

    /// Planes of `capacity` samples each, zeroed.
    init(channels: Int, capacity: Int) {
        precondition(channels > 0, "a PCM buffer needs at least one channel")
        self.channels = channels
        planes = .allocate(capacity: channels)
        planes.initialize(repeating: nil, count: channels)
        reserve(capacity)
    }

    deinit {
        for channel in 0..<channels { planes[channel]?.deallocate() }
        planes.deallocate()
    }

    /// Grows every plane to hold `samples` (never shrinks; contents are not kept, new planes are zeroed).
    mutating func reserve(_ samples: Int) {
        guard samples > capacity else { return }
        for channel in 0..<channels {
            planes[channel]?.deallocate()
            let plane = UnsafeMutablePointer<Float>.allocate(capacity: samples)
            plane.initialize(repeating: 0, count: samples)
            planes[channel] = plane
        }
        capacity = samples
    }

    /// A view of the first `count` samples of every plane.
    func chunk(count: Int) -> PCMChunk {
        precondition(count <= capacity, "chunk larger than the buffer")
        return PCMChunk(planes: planes, channels: channels, count: count)
    }

    /// The planes as `uint8_t **` for C functions that fill or read them (`swr_convert`, `av_audio_fifo_read`).
    func withRawPlanes<R>(_ body: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>) -> R) -> R {
        planes.withMemoryRebound(to: UnsafeMutablePointer<UInt8>?.self, capacity: channels, body)
    }
}
