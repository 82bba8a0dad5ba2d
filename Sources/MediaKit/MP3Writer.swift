import SystemPackage

/// The encoding half of a transcode: resamples decoded frames, encodes them with LAME and
/// appends the MP3 to a ``PartialFile`` after an ID3v2 tag. ``finish()`` flushes, writes the
/// LAME/Xing frame over its placeholder and publishes the file.
struct MP3Writer: ~Copyable {
    private var resampler: Resampler
    private let encoder: LameEncoder
    private let output: PartialFile
    /// Where LAME's first (placeholder) frame starts: right after the ID3v2 tag.
    private let firstFrameOffset: Int64
    /// PCM samples per channel handed to LAME.
    private(set) var samples: Int64 = 0

    var sampleRate: Int { encoder.sampleRate }
    var channels: Int { encoder.channels }

    /// Sets up for `settings`, taking the output rate and channels from it or from the input
    /// (`inputRate`, `inputChannels`), and writes the ID3v2 tag to `<path>.part`.
    init(
        path: FilePath, settings: MP3Settings, inputRate: Int, inputChannels: Int, firstFrame: borrowing Frame
    ) throws(MediaError) {
        let rate = settings.sampleRate ?? MP3Settings.preferredSampleRate(forInput: inputRate)
        let channels = settings.channels ?? min(max(inputChannels, 1), 2)
        try MP3Settings.validate(sampleRate: rate, rateControl: settings.rateControl)
        let encoder = try LameEncoder(sampleRate: rate, channels: channels, rateControl: settings.rateControl)
        let resampler = try Resampler(for: firstFrame, outputRate: rate, outputChannels: channels)
        let output = try PartialFile(finalPath: path)
        let tag = ID3v2Writer(tags: settings.tags, encoderName: "LAME \(LameEncoder.version)").encoded()
        try output.write(tag)
        self.encoder = encoder
        self.resampler = resampler
        self.output = output
        firstFrameOffset = Int64(tag.count)
    }

    /// Resamples and encodes one decoded frame. A frame whose rate, format or layout changed
    /// (a chained Ogg, a stream switch) gets a new resampler after the old one is drained.
    mutating func write(_ frame: borrowing Frame) throws(MediaError) {
        if !resampler.accepts(frame) {
            try drainResampler()
            resampler = try Resampler(for: frame, outputRate: encoder.sampleRate, outputChannels: encoder.channels)
        }
        resampler.prepare(for: frame)
        var count = 0
        try resampler.convert(frame) { (left, right, n) throws(MediaError) in
            count += n
            try encoder.encode(left: left, right: right, count: n) { (bytes) throws(MediaError) in
                try output.write(bytes)
            }
        }
        samples += Int64(count)
    }

    private mutating func drainResampler() throws(MediaError) {
        var count = 0
        try resampler.flush { (left, right, n) throws(MediaError) in
            count += n
            try encoder.encode(left: left, right: right, count: n) { (bytes) throws(MediaError) in
                try output.write(bytes)
            }
        }
        samples += Int64(count)
    }

    /// Drains the resampler and LAME, writes the LAME/Xing frame over the placeholder, then
    /// fsyncs and renames the `.part` into place. Returns the file's size and the samples
    /// per channel LAME got, the resampler's tail included.
    consuming func finish() throws(MediaError) -> (bytes: Int64, samples: Int64) {
        try drainResampler()
        try encoder.flush { (bytes) throws(MediaError) in try output.write(bytes) }
        // LAME leaves the tag out when it does not fit one frame (CBR 8–32 kbps at low rates);
        // then there is no placeholder to overwrite either.
        let tagFrame = encoder.lametagFrame()
        let size = try output.size()
        if !tagFrame.isEmpty {
            guard firstFrameOffset + Int64(tagFrame.count) <= size else {
                throw MediaError(
                    .encoder, "lame_get_lametag_frame: the LAME/Xing frame is larger than the output",
                    function: "lame_get_lametag_frame")
            }
            try output.overwrite(tagFrame, at: firstFrameOffset)
        }
        try output.finish()
        return (size, samples)
    }
}
