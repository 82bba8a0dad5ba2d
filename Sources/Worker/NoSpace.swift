import MediaKit
import SpoolCore

#if canImport(Glibc)
    import Glibc
#endif

/// A full file system (ENOSPC, or EDQUOT for a quota), however it reached the worker: an
/// `errno`, an `AVERROR` (`-errno`), or only the C library's words in a message. The daemon
/// requeues such a job without spending an attempt instead of failing it.
enum NoSpace {
    static func matches(_ error: MediaError) -> Bool {
        guard let raw = error.rawCode else { return matches(error.message) }
        return [ENOSPC, -ENOSPC, EDQUOT, -EDQUOT].contains(raw) || matches(error.message)
    }

    static func matches(_ text: String) -> Bool {
        text.contains(String(cString: strerror(ENOSPC))) || text.contains(String(cString: strerror(EDQUOT)))
    }

    static func error(_ detail: String) -> JobError {
        JobError(.noSpace, field: nil, reason: "the spool's file system is full (\(detail)); the job waits for space")
    }
}
