import Foundation
import Testing

@testable import SpoolCore

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Worker process")
struct WorkerProcessTests {
    /// The same protection the daemon has: SIGPIPE ignored, so a dead reader is an error, not a death.
    init() { signal(SIGPIPE, SIG_IGN) }

    @Test func reportsAreReadInOrderThenTheExit() async throws {
        let script =
            #"read request; echo '{"type":"progress","phase":"encoding","progress":0.5}' >&3; echo 'noise' >&3; echo '{"type":"completed","outputs":[]}' >&3; exit 7"#
        let worker = try WorkerProcess.spawn(executable: "/bin/sh", arguments: ["-c", script])
        #expect(worker.send(WorkerRequest(jobDir: "/nowhere", cpuSeconds: 1)))
        var seen: [String] = []
        while let event = await worker.next() {
            switch event {
            case .message(let message): seen.append(message.type.rawValue)
            case .malformed(let line): seen.append("malformed:\(line)")
            case .exited(let status, _): seen.append("\(status)")
            }
        }
        #expect(seen == ["progress", "malformed:noise", "completed", "exit status 7"])
        #expect(worker.hasExited)
    }

    @Test func sendingToAWorkerThatClosedItsInputFailsCleanly() async throws {
        // It sleeps far longer than the test needs: synchronous media tests beside it can hold the
        // test threads for a minute before this test resumes to kill it.
        let worker = try WorkerProcess.spawn(executable: "/bin/sh", arguments: ["-c", "exec 0<&-; echo closed >&3; exec sleep 900"])
        // Wait for the worker to say it has closed its input.
        guard case .malformed("closed") = await worker.next() else {
            Issue.record("the worker did not report")
            return
        }
        #expect(!worker.send(WorkerRequest(jobDir: "/nowhere", cpuSeconds: 1)))
        let killed = kill(-worker.pid, SIGKILL)
        let error = errno
        #expect(killed == 0, "kill: \(String(cString: strerror(error))), pgid \(getpgid(worker.pid))")
        while let event = await worker.next() {
            if case .exited(let status, _) = event { #expect(status == .signaled(SIGKILL)) }
        }
    }
}
