import SystemPackage

/// Measures the loudness of one input file, e.g. to choose a part's gain before a render.
public enum LoudnessScanner {
    /// Decodes the input (whatever libavformat opens, from the descriptor's current offset; the
    /// caller owns and closes it) and measures EBU R128 integrated loudness, loudness range and
    /// true peak at the input's own rate and channel count, with libavfilter's `ebur128` (see
    /// ``LoudnessMeter``). Decoding is streamed; memory does not grow with the input's length.
    ///
    /// - Parameter progress: Phases probing, decoding, finalizing; at most about ten reports a second.
    public static func measure(
        _ descriptor: FileDescriptor, name: String, limits: DecodeLimits = .default,
        progress: (TranscodeProgress) -> Void
    ) throws(MediaError) -> LoudnessMeasurement {
        FFmpegLog.configure()
        var meter = ProgressMeter()
        progress(meter.report)
        let input = try PartInput(descriptor: descriptor, name: name, limits: limits)
        meter.durationSeconds = input.declaredDurationSeconds
        if let report = meter.enter(.decoding) { progress(report) }
        let rate = input.frameRate
        let channels = max(input.frameChannels, 1)
        var loudness = try LoudnessMeter(sampleRate: rate, channels: channels)
        var decoder = try PartDecoder(input, outputRate: rate, outputChannels: channels, gainDB: 0)
        while let next = try decoder.next() {
            try loudness.add(next.chunk)
            if let report = meter.advance(to: next.positionSeconds) { progress(report) }
        }
        if let report = meter.enter(.finalizing) { progress(report) }
        return try loudness.finish()
    }
}
