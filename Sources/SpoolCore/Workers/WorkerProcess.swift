import CSpoolSys
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One `mediaspool work --serve` child: it runs the jobs it is sent on stdin, one after
/// another, and reports on fd 3. Spawned with `posix_spawn` in a process group of its own (so
/// a timeout can kill it with everything it started), stdout and stderr on /dev/null (the
/// worker points them at each job's `log.txt` while it runs that job), and every signal reset
/// to its default (the daemon's own SIGTERM/SIGINT handling is not inherited).
///
/// A thread reads the report pipe, decodes each line as a ``WorkerMessage`` and, at end of
/// file, reaps the child with `wait4`; everything arrives in order through ``next()``.
final class WorkerProcess: Sendable {
    enum ExitStatus: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)

        var description: String {
            switch self {
            case .exited(let code): "exit status \(code)"
            case .signaled(let signal): "signal \(signal) (\(String(cString: strsignal(signal))))"
            }
        }
    }

    enum Event: Sendable {
        case message(WorkerMessage)
        /// A report line that was not a message (logged, otherwise ignored).
        case malformed(String)
        case exited(ExitStatus, ResourceUsage)
    }

    let pid: pid_t
    private let requests: Int32
    private let events = EventChannel<Event>()
    private let exitedFlag = Atomic<Bool>(false)
    private let inputClosed = Atomic<Bool>(false)
    /// Jobs sent to this worker so far.
    let jobsStarted = Atomic<Int>(0)

    private init(pid: pid_t, requests: Int32) {
        self.pid = pid
        self.requests = requests
    }

    deinit {
        if !inputClosed.load(ordering: .relaxed) { close(requests) }
    }

    /// Whether the worker has exited (and been reaped).
    var hasExited: Bool { exitedFlag.load(ordering: .acquiring) }

    /// The next report, or the exit; nil after the exit has been delivered.
    func next() async -> Event? {
        await events.next()
    }

    /// Sends a job; false when the worker is gone.
    func send(_ request: WorkerRequest) -> Bool {
        jobsStarted.add(1, ordering: .relaxed)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard !inputClosed.load(ordering: .relaxed), var line = try? encoder.encode(request) else { return false }
        line.append(10)
        return line.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(requests, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }

    /// Closes the worker's stdin: it finishes and exits at end of input.
    func retire() {
        if !inputClosed.exchange(true, ordering: .relaxed) { close(requests) }
    }

    /// Sends `signal` to the worker's whole process group, unless it has been reaped.
    func signalGroup(_ signal: Int32) {
        if !hasExited { kill(-pid, signal) }
    }

    static func spawn(executable: String, arguments: [String]) throws(SpoolError) -> WorkerProcess {
        var reportEnds: [Int32] = [-1, -1]
        try systemCall("pipe2", path: "report pipe") { cspool_pipe_cloexec(&reportEnds) }
        var requestEnds: [Int32] = [-1, -1]
        do {
            try systemCall("pipe2", path: "request pipe") { cspool_pipe_cloexec(&requestEnds) }
        } catch {
            reportEnds.forEach { close($0) }
            throw error
        }
        let devNull = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer {
            close(reportEnds[1])
            close(requestEnds[0])
            if devNull >= 0 { close(devNull) }
        }
        guard devNull >= 0 else {
            close(reportEnds[0])
            close(requestEnds[1])
            throw SpoolError.posix("open", errno, path: "/dev/null")
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, requestEnds[0], 0)
        posix_spawn_file_actions_adddup2(&actions, devNull, 1)
        posix_spawn_file_actions_adddup2(&actions, devNull, 2)
        posix_spawn_file_actions_adddup2(&actions, reportEnds[1], WorkerMessage.reportDescriptor)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE, SIGUSR1, SIGUSR2, SIGCHLD, SIGALRM, SIGXCPU, SIGXFSZ] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var spawned: pid_t = 0
        let result = posix_spawn(&spawned, executable, &actions, &attributes, argv, environ)
        guard result == 0 else {
            close(reportEnds[0])
            close(requestEnds[1])
            throw SpoolError.posix("posix_spawn", result, path: executable)
        }
        let worker = WorkerProcess(pid: spawned, requests: requestEnds[1])
        let reports = reportEnds[0]
        let thread = Thread {
            readReports(from: reports, into: worker.events)
            close(reports)
            let (status, usage) = reap(worker.pid)
            worker.exitedFlag.store(true, ordering: .releasing)
            worker.events.push(.exited(status, usage))
            worker.events.finish()
        }
        thread.name = "mediaspool-worker-\(spawned)"
        thread.start()
        return worker
    }

    private static func readReports(from fd: Int32, into events: EventChannel<Event>) {
        let maxLine = 1 << 20
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let decoder = JSONDecoder()
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            pending += chunk[..<count]
            while let newline = pending.firstIndex(of: 10) {
                let line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                if let message = try? decoder.decode(WorkerMessage.self, from: Data(line)) {
                    events.push(.message(message))
                } else {
                    events.push(.malformed(String(decoding: line.prefix(200), as: UTF8.self)))
                }
            }
            if pending.count > maxLine {
                events.push(.malformed("a report line over \(maxLine) bytes"))
                pending.removeAll()
            }
        }
    }

    /// `wait4`: the exit status, and what the child used over its life (peak RSS, CPU time).
    private static func reap(_ pid: pid_t) -> (ExitStatus, ResourceUsage) {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR { return (.exited(-1), ResourceUsage(peakMemoryBytes: 0, cpuSeconds: 0)) }
        }
        let cpu =
            Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        let used = ResourceUsage(peakMemoryBytes: Int64(usage.ru_maxrss) * 1024, cpuSeconds: (cpu * 1000).rounded() / 1000)
        if cspool_wifsignaled(status) != 0 { return (.signaled(cspool_wtermsig(status)), used) }
        return (.exited(cspool_wexitstatus(status)), used)
    }
}
