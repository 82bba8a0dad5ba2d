import SystemPackage

/// Decodes whatever libavformat opens and encodes it to MP3 with LAME, streaming in bounded
/// memory: a one-part ``AudioRenderer`` render.
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
        var encoding = AudioEncoding(format: .mp3, sampleRate: settings.sampleRate, channels: settings.channels)
        switch settings.rateControl {
        case .constant(let kbps): encoding.bitrateKbps = kbps
        case .variable(let quality): encoding.vbrQuality = quality
        }
        let request = RenderRequest(
            parts: [RenderPart(descriptor: input, name: inputName)], encoding: encoding, tags: settings.tags,
            outputPath: outputPath)
        let result = try AudioRenderer.render(request, limits: limits, progress: progress)
        let part = result.parts[0]
        return TranscodeResult(
            inputFormat: part.format, inputCodec: part.codec, inputSampleRate: part.sampleRate,
            inputChannels: part.channels, decodedInputSeconds: part.decodedSeconds,
            outputSampleRate: result.outputSampleRate, outputChannels: result.outputChannels,
            outputSamples: result.outputSamples, outputDurationSeconds: result.outputDurationSeconds,
            outputBytes: result.outputBytes, skippedCorruptPackets: part.skippedCorruptPackets)
    }
}
