#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// Ends the worker as soon as the daemon is gone, so no orphan keeps writing into a job folder
/// that a restarted daemon requeues. The daemon holds the only read end of the report pipe;
/// when it dies, the kernel flags the worker's write end (fd 3) with POLLERR.
///
/// `PR_SET_PDEATHSIG` is not used: it fires when the *thread* that spawned the child exits
/// (prctl(2)), and the daemon spawns workers from pool threads that come and go.
enum ParentWatch {
    static func start(reportDescriptor: Int32) {
        var info = stat()
        guard fstat(reportDescriptor, &info) == 0, info.st_mode & S_IFMT == S_IFIFO else { return }
        let thread = Thread {
            var watched = pollfd(fd: reportDescriptor, events: 0, revents: 0)
            while true {
                if poll(&watched, 1, -1) < 0 && errno == EINTR { continue }
                if watched.revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 { _exit(70) }
            }
        }
        thread.name = "mediaspool-parent-watch"
        thread.start()
    }
}
