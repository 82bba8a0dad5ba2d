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

    /// Runs the job, reporting progress as it goes, and returns its last report (completed
    /// or failed) for the caller to send.
    public func run() -> WorkerMessage {
        do {
            let job: Job
            switch JobFolder.readJob(in: jobFolder, validator: JobValidator(roots: roots)) {
            case .success(let valid): job = valid
            case .failure(let rejection): throw rejection.first
            }
            switch job.kind {
            case .mp3:
                return try runMP3(job)
            case .concat, .mp4, .carousel:
                throw JobError(.unsupported, field: "kind", reason: "\(job.kind.rawValue) jobs are not run by this build yet")
            }
        } catch let error as JobError {
            return .failed(error, transient: error.code == .ioError)
        } catch let error as MediaError {
            return .failed(error.jobError, transient: error.isTransient)
        } catch {
            return .failed(JobError(.internalError, field: nil, reason: "\(error)"), transient: false)
        }
    }

    private func runMP3(_ job: Job) throws -> WorkerMessage {
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
            durationSeconds: Self.microseconds(result.outputDurationSeconds))
        let inputInfo = InputInfo(
            format: result.inputFormat, codec: result.inputCodec, sampleRate: result.inputSampleRate,
            channels: result.inputChannels, durationSeconds: Self.microseconds(result.decodedInputSeconds))
        return .completed(outputs: [output], input: inputInfo)
    }

    /// Seconds rounded to the microsecond: `600`, not `600.0000000002561`.
    static func microseconds(_ seconds: Double) -> Double {
        (seconds * 1e6).rounded() / 1e6
    }
}
