import Foundation
import SpoolCore

#if canImport(Glibc)
    import Glibc
#endif

/// `mediaspool work --serve`: runs the jobs the daemon sends on stdin (one ``WorkerRequest``
/// per line), one at a time, until stdin closes. While a job runs, stdout and stderr (where
/// FFmpeg and LAME write) go to that job's `log.txt`; in between, to /dev/null.
public struct ServeLoop {
    let settings: WorkerSettings
    let channel: ReportChannel

    public init(settings: WorkerSettings, channel: ReportChannel = ReportChannel()) {
        self.settings = settings
        self.channel = channel
    }

    public func run() {
        let quiet = open("/dev/null", O_WRONLY | O_CLOEXEC)
        let decoder = JSONDecoder()
        while let line = Self.readLine() {
            guard let request = try? decoder.decode(WorkerRequest.self, from: Data(line)) else {
                channel.send(.failed(JobError(.internalError, field: nil, reason: "unreadable worker request"), transient: true))
                continue
            }
            ResourceLimits.allowCPU(seconds: request.cpuSeconds)
            let log = open(request.jobDir + "/log.txt", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0o644)
            if log >= 0 {
                dup2(log, STDOUT_FILENO)
                dup2(log, STDERR_FILENO)
                close(log)
            }
            let resources = JobResources()
            var final = JobRunner(jobFolder: request.jobDir, settings: settings, channel: channel).run()
            final.resources = resources.finish()
            if quiet >= 0 {
                dup2(quiet, STDOUT_FILENO)
                dup2(quiet, STDERR_FILENO)
            }
            channel.send(final)
        }
    }

    /// One line of stdin without its newline; nil at end of input.
    private static func readLine() -> [UInt8]? {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(STDIN_FILENO, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return line.isEmpty ? nil : line }
            if byte == 10 { return line }
            line.append(byte)
        }
    }
}
