import MediaKit
import SpoolCore
import SystemPackage

/// What `mediaspool work` does: reads the job from its folder (validating it again: the
/// worker trusts the queue no more than the daemon does), opens its inputs safely, runs the
/// export for its kind, and reports progress and the result on the report channel. It writes
/// its outputs (and fetched URL inputs, removed again) into the job folder and nothing else.
public struct JobRunner: Sendable {
    public let jobFolder: String
    public let settings: WorkerSettings
    public let channel: ReportChannel

    public init(jobFolder: String, settings: WorkerSettings, channel: ReportChannel = ReportChannel()) {
        self.jobFolder = jobFolder
        self.settings = settings
        self.channel = channel
    }

    /// Runs the job, reporting progress as it goes, and returns its last report (completed
    /// or failed) for the caller to send.
    public func run() -> WorkerMessage {
        let message = runJob()
        guard message.type == .failed, let error = message.error, NoSpace.matches(error.reason) else { return message }
        return .failed(NoSpace.error(error.reason), transient: true)
    }

    private func runJob() -> WorkerMessage {
        do {
            let job: Job
            switch JobFolder.readJob(in: jobFolder, validator: settings.validator) {
            case .success(let valid): job = valid
            case .failure(let rejection): throw rejection.first
            }
            switch job.kind {
            case .mp3, .concat:
                return try AudioExport(job: job, jobFolder: jobFolder, settings: settings, channel: channel).run()
            case .mp4:
                return try AudiogramExport(job: job, jobFolder: jobFolder, settings: settings, channel: channel).run()
            case .carousel:
                return try CarouselExport(job: job, jobFolder: jobFolder, settings: settings, channel: channel).run()
            }
        } catch let failure as FetchFailure {
            return .failed(failure.error, transient: failure.isTransient)
        } catch let error as JobError {
            return .failed(error, transient: error.code == .ioError)
        } catch let error as MediaError where NoSpace.matches(error) {
            return .failed(NoSpace.error(error.message), transient: true)
        } catch let error as MediaError {
            return .failed(error.jobError, transient: error.isTransient)
        } catch {
            return .failed(JobError(.internalError, field: nil, reason: "\(error)"), transient: false)
        }
    }

    /// Seconds rounded to the microsecond: `600`, not `600.0000000002561`.
    static func microseconds(_ seconds: Double) -> Double {
        (seconds * 1e6).rounded() / 1e6
    }
}
