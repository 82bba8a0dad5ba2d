import CFFmpeg
import SystemPackage

/// Decodes whatever libavformat opens and encodes it to MP3 with LAME, streaming in bounded
/// memory.
public enum MP3Transcoder {
    /// Decodes the best audio stream (`av_find_best_stream`; cover art is a video stream) of
    /// whatever libavformat opens from `input`, resamples it with libswresample to float planar
    /// at the output rate and channel count, encodes it with LAME and writes `<outputPath>.part`,
    /// fsyncs it, renames it to `outputPath` and fsyncs the folder. On any error the `.part` is
    /// removed and nothing is left at `outputPath`.
    ///
    /// - Parameters:
    ///   - input: Read from its current offset (seeking is allowed); the caller owns and closes it.
    ///   - inputName: The original file name, for probing by extension and for messages.
    ///   - progress: Called once per phase change and at most about ten times a second in between.
    public static func transcode(
        input: FileDescriptor, inputName: String, to outputPath: FilePath,
        settings: MP3Settings, limits: DecodeLimits = .default,
        progress: (TranscodeProgress) -> Void
    ) throws(MediaError) -> TranscodeResult {
        try settings.validate()
        FFmpegLog.configure()
        var meter = ProgressMeter()
        progress(meter.report)

        var reader = try AudioFrameReader(descriptor: input, name: inputName, limits: limits)
        meter.durationSeconds = reader.input.declaredDurationSeconds
        if let report = meter.enter(.decoding) { progress(report) }

        guard try reader.next() else {
            if let error = reader.lastError {
                throw MediaError(
                    .invalidData, "\(error.message); no audio could be decoded from '\(inputName)'",
                    function: error.function, rawCode: error.rawCode)
            }
            throw MediaError(.emptyAudio, "'\(inputName)' has an audio stream but it decodes to no samples")
        }
        let parameters = reader.input.codecParameters.pointee
        let inputRate = parameters.sample_rate > 0 ? Int(parameters.sample_rate) : reader.frame.sampleRate
        let inputChannels =
            parameters.ch_layout.nb_channels > 0 ? Int(parameters.ch_layout.nb_channels) : reader.frame.channelCount
        var writer = try MP3Writer(
            path: outputPath, settings: settings, inputRate: inputRate, inputChannels: inputChannels,
            firstFrame: reader.frame)
        if let report = meter.enter(.encoding) { progress(report) }

        var decodedSeconds = 0.0
        repeat {
            decodedSeconds += Double(reader.frame.sampleCount) / Double(max(reader.frame.sampleRate, 1))
            try writer.write(reader.frame)
            if let report = meter.advance(to: reader.frameEndSeconds ?? decodedSeconds) { progress(report) }
        } while try reader.next()

        if let report = meter.enter(.finalizing) { progress(report) }
        let rate = writer.sampleRate
        let channels = writer.channels
        let (bytes, samples) = try writer.finish()
        return TranscodeResult(
            inputFormat: reader.input.formatName, inputCodec: reader.input.codecName,
            inputSampleRate: inputRate, inputChannels: inputChannels, decodedInputSeconds: decodedSeconds,
            outputSampleRate: rate, outputChannels: channels, outputSamples: samples,
            outputDurationSeconds: Double(samples) / Double(rate), outputBytes: bytes,
            skippedCorruptPackets: reader.skippedPackets)
    }
}
