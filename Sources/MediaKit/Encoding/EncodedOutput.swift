/// The encoding end of a render: takes float planar PCM at the resolved rate and channel count
/// and writes one file as `<path>.part`, published by ``finish(chapters:)``. Dropping an
/// unfinished output removes the `.part`.
protocol EncodedOutput: ~Copyable {
    /// What the result reports as the codec: `mp3 (LAME 3.100)`, `aac`, `opus`, `flac`, `pcm_s16le`.
    var codecName: String { get }

    /// Encodes `chunk` (the output's channel count; any number of samples).
    mutating func write(_ chunk: PCMChunk) throws(MediaError)

    /// Drains the encoder, writes what only the end knows (trailer, LAME/Xing frame, chapter
    /// times), fsyncs and renames the file into place. Returns its size in bytes.
    consuming func finish(chapters: [AudioChapter]) throws(MediaError) -> Int64
}
