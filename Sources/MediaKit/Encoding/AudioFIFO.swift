import CFFmpeg

/// Owner of an `AVAudioFifo` of float planar samples: chunks of any size go in, full encoder
/// frames come out. It holds less than one frame between writes, so it stays small.
///
/// See [AVAudioFifo](https://ffmpeg.org/doxygen/5.1/group__lavu__audiofifo.html).
struct AudioFIFO: ~Copyable {
    private let fifo: OpaquePointer
    let channels: Int

    init(channels: Int, capacity: Int) throws(MediaError) {
        guard let fifo = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLTP, Int32(channels), Int32(capacity)) else {
            throw .outOfMemory("av_audio_fifo_alloc")
        }
        self.fifo = fifo
        self.channels = channels
    }

    deinit { av_audio_fifo_free(fifo) }

    /// Samples per channel waiting.
    var count: Int { Int(av_audio_fifo_size(fifo)) }

    /// Appends `chunk` (growing the FIFO if needed).
    func write(_ chunk: PCMChunk) throws(MediaError) {
        guard chunk.count > 0 else { return }
        let written = chunk.planes.withMemoryRebound(to: UnsafeMutableRawPointer?.self, capacity: channels) {
            av_audio_fifo_write(fifo, $0, Int32(chunk.count))
        }
        if written < chunk.count {
            throw MediaError(ffmpeg: written < 0 ? written : cff_averror_enomem(), function: "av_audio_fifo_write")
        }
    }

    /// Moves the oldest `count` samples into `buffer` and returns them as a chunk.
    func read(_ count: Int, into buffer: borrowing PCMBuffer) throws(MediaError) -> PCMChunk {
        let read = buffer.withRawPlanes { planes in
            planes.withMemoryRebound(to: UnsafeMutableRawPointer?.self, capacity: channels) {
                av_audio_fifo_read(fifo, $0, Int32(count))
            }
        }
        if read < 0 { throw MediaError(ffmpeg: read, function: "av_audio_fifo_read") }
        return buffer.chunk(count: Int(read))
    }
}
