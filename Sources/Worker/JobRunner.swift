import MediaKit
import SpoolCore
import SystemPackage

/// What `mediaspool work` does: reads the job from its folder (validating it again: the
/// worker trusts the queue no more than the daemon does), opens its input safely, runs the
/// encoder for its kind, and reports progress and the result on the report channel. It
/// writes its outputs into the job folder and nothing else anywhere.
public struct JobRunner: Sendable {
    public let jobFolder: String
    public let roots: InputRoots
    public let channel: ReportChannel

    public init(jobFolder: String, roots: InputRoots, channel: ReportChannel = ReportChannel()) {
        self.jobFolder = jobFolder
        self.roots = roots
        self.channel = channel
    }

    /// Runs the job; returns the process exit status (0 completed, 1 failed).
    public func run() -> Int32 {
        do {
            let job: Job
            switch JobFolder.readJob(in: jobFolder, validator: JobValidator(roots: roots)) {
            case .success(let valid): job = valid
            case .failure(let rejection): throw rejection.first
            }
            switch job.kind {
            case .mp3:
                try runMP3(job)
            case .concat, .mp4, .carousel:
                throw JobError(.unsupported, field: "kind", reason: "\(job.kind.rawValue) jobs are not run by this build yet")
            }
            return 0
        } catch let error as JobError {
            channel.send(.failed(error, transient: error.code == .ioError))
        } catch let error as MediaError {
            channel.send(.failed(error.jobError, transient: error.isTransient))
        } catch {
            channel.send(.failed(JobError(.internalError, field: nil, reason: "\(error)"), transient: false))
        }
        return 1
    }

    private func runMP3(_ job: Job) throws {
        guard let input = job.input else { throw JobError(.missingField, field: "input", reason: "required for mp3 jobs") }
        let source = try InputOpener.open(input, field: "input", roots: roots)
        defer { try? source.close() }
        let settings = MP3Settings(
            rateControl: job.options.vbrQuality.map { .variable(quality: $0) }
                ?? .constant(kbps: job.options.effectiveBitrate ?? JobOptions.defaultBitrate),
            sampleRate: job.options.sampleRate, channels: job.options.channels, tags: job.tags)
        let outputName = job.id + ".mp3"
        let outputPath = FilePath(jobFolder + "/" + outputName)
        let channel = self.channel
        let result = try MP3Transcoder.transcode(
            input: source, inputName: String(input.split(separator: "/").last ?? Substring(input)), to: outputPath, settings: settings
        ) { progress in
            channel.send(
                .progress(
                    phase: progress.phase.rawValue, progress: progress.fraction,
                    decodedSeconds: progress.decodedSeconds, durationSeconds: progress.durationSeconds))
        }
        let digest = try SHA256Hasher.hexDigest(ofFileAt: outputPath)
        let output = OutputFile(
            name: outputName, size: result.outputBytes, sha256: digest, mimeType: "audio/mpeg",
            durationSeconds: result.outputDurationSeconds)
        let inputInfo = InputInfo(
            format: result.inputFormat, codec: result.inputCodec, sampleRate: result.inputSampleRate,
            channels: result.inputChannels, durationSeconds: result.decodedInputSeconds)
        channel.send(.completed(outputs: [output], input: inputInfo))
    }
}
