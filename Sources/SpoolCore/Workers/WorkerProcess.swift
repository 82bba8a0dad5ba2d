import CSpoolSys
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One `mediaspool work` child, spawned with `posix_spawn` in a process group of its own
/// (so a timeout can kill it with everything it started), stdin on /dev/null, stdout and
/// stderr appended to the job's `log.txt`, and a report pipe on fd 3. Every signal is reset
/// to its default in the child: the daemon's own handlers (SIGTERM, SIGINT) are not inherited.
///
/// A thread reads the pipe, decodes each line as a ``WorkerMessage`` and, at end of file,
/// reaps the child with `waitpid`; all of it arrives in order on ``events``.
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
    let events: AsyncStream<Event>

    private init(pid: pid_t, events: AsyncStream<Event>) {
        self.pid = pid
        self.events = events
    }

    /// Sends `signal` to the worker's whole process group.
    func signalGroup(_ signal: Int32) {
        kill(-pid, signal)
    }

    static func spawn(executable: String, arguments: [String], logPath: String) throws(SpoolError) -> WorkerProcess {
        var pipeEnds: [Int32] = [-1, -1]
        try systemCall("pipe2", path: "report pipe") { cspool_pipe_cloexec(&pipeEnds) }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        let log = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0o644)
        let logError = errno
        let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard log >= 0, devNull >= 0 else {
            for fd in [readEnd, writeEnd, log, devNull] where fd >= 0 { close(fd) }
            throw log < 0 ? SpoolError.posix("open", logError, path: logPath) : SpoolError.posix("open", errno, path: "/dev/null")
        }
        defer {
            close(writeEnd)
            close(log)
            close(devNull)
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, devNull, 0)
        posix_spawn_file_actions_adddup2(&actions, log, 1)
        posix_spawn_file_actions_adddup2(&actions, log, 2)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, WorkerMessage.reportDescriptor)

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
        let pid = spawned
        guard result == 0 else {
            close(readEnd)
            throw SpoolError.posix("posix_spawn", result, path: executable)
        }

        let (events, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .unbounded)
        let thread = Thread {
            readReports(from: readEnd, into: continuation)
            close(readEnd)
            let (status, usage) = reap(pid)
            continuation.yield(.exited(status, usage))
            continuation.finish()
        }
        thread.name = "mediaspool-worker-\(pid)"
        thread.start()
        return WorkerProcess(pid: pid, events: events)
    }

    private static func readReports(from fd: Int32, into continuation: AsyncStream<Event>.Continuation) {
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
                    continuation.yield(.message(message))
                } else {
                    continuation.yield(.malformed(String(decoding: line.prefix(200), as: UTF8.self)))
                }
            }
            if pending.count > maxLine {
                continuation.yield(.malformed("a report line over \(maxLine) bytes"))
                pending.removeAll()
            }
        }
    }

    /// `wait4`: the exit status, and what the child used (peak RSS, CPU time).
    private static func reap(_ pid: pid_t) -> (ExitStatus, ResourceUsage) {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR { return (.exited(-1), ResourceUsage(peakMemoryBytes: 0, cpuSeconds: 0)) }
        }
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        let used = ResourceUsage(peakMemoryBytes: Int64(usage.ru_maxrss) * 1024, cpuSeconds: (cpu * 1000).rounded() / 1000)
        if cspool_wifsignaled(status) != 0 { return (.signaled(cspool_wtermsig(status)), used) }
        return (.exited(cspool_wexitstatus(status)), used)
    }
}
