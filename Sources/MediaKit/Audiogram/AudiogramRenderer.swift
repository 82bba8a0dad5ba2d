/// Renders audiograms (see ``AudiogramRequest``) in the calling process: libavformat and
/// libavcodec decode the audio, libswresample resamples it, the frames are drawn in memory and
/// encoded by libx264 and AAC, and the mp4 muxer writes them with `+faststart`. No `ffmpeg`
/// command runs. Memory holds one frame's audio and the encoders' own look-ahead, whatever
/// the length; the mp4 sample index grows with the length, as `moov` must list every sample.
public enum AudiogramRenderer {
    /// Rates the AAC encoder takes; other inputs are resampled to 48 kHz.
    static let aacRates: Set<Int> = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200, 96000]

    /// Writes `request.outputPath` (and the poster) through `.part` files, fsynced and renamed
    /// into place; on error nothing is left at either path.
    ///
    /// - Parameter progress: called on phase changes and at most about ten times a second while
    ///   encoding; the fraction is seconds of video encoded over the input's declared duration.
    public static func render(
        _ request: AudiogramRequest, limits: DecodeLimits = .default, progress: (TranscodeProgress) -> Void
    ) throws(MediaError) -> AudiogramResult {
        try request.validate()
        FFmpegLog.configure()
        var meter = ProgressMeter()
        progress(meter.report)
        let input = try PartInput(descriptor: request.input, name: request.inputName, limits: limits)
        meter.durationSeconds = input.declaredDurationSeconds
        let source = (format: input.reader.input.formatName, codec: input.reader.input.codecName)
        let rate = aacRates.contains(input.sampleRate) ? input.sampleRate : 48000
        let channels = min(max(input.channels, 1), 2)
        var decoder = try PartDecoder(input, outputRate: rate, outputChannels: channels, gainDB: 0)
        let plate = try BackgroundPlate.compose(request)
        var session = try AudiogramSession(request: request, plate: plate, rate: rate, channels: channels)
        if let report = meter.enter(.encoding) { progress(report) }
        while let (chunk, _) = try decoder.next() {
            try session.write(chunk)
            if let report = meter.advance(to: session.encodedSeconds) { progress(report) }
        }
        if let report = meter.enter(.finalizing) { progress(report) }
        let result = try session.finish(input: source)
        guard result.videoFrames > 0 else {
            throw MediaError(.emptyAudio, "'\(request.inputName)' decodes to less than one video frame of audio")
        }
        return result
    }
}
