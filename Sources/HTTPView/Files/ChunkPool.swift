import Hummingbird
import Synchronization

/// Read buffers shared by all file responses. A fresh buffer per chunk is costly: glibc serves
/// blocks this large with mmap, so each one page-faults on first touch and is unmapped when
/// freed, which costs more than the copy into it. Reusing buffers is always safe: a buffer the
/// channel still holds is never overwritten, as `clear()` then gives it new storage.
final class ChunkPool: Sendable {
    static let shared = ChunkPool(keeping: 16, smallest: 64 * 1024)

    private let buffers = Mutex<[ByteBuffer]>([])
    /// At most this many idle buffers are kept (16 of 256 KiB: 4 MiB).
    let limit: Int
    /// Smaller buffers are not worth keeping.
    let smallest: Int

    init(keeping limit: Int, smallest: Int) {
        self.limit = limit
        self.smallest = smallest
    }

    /// An empty buffer of at least `capacity` bytes.
    func take(capacity: Int) -> ByteBuffer {
        if var buffer = buffers.withLock({ $0.popLast() }), buffer.capacity >= capacity {
            buffer.clear()
            return buffer
        }
        return ByteBufferAllocator().buffer(capacity: max(capacity, 0))
    }

    func give(_ buffer: ByteBuffer) {
        guard buffer.capacity >= smallest else { return }
        buffers.withLock { if $0.count < limit { $0.append(buffer) } }
    }
}
