#if canImport(Glibc)
    import Glibc
#endif

/// Free space where the spool lives, and what a job is expected to write there: a job starts
/// only when the free space stays above the configured floor after its outputs.
public enum DiskSpace {
    /// Bytes an unprivileged process may still write on the file system holding `path`
    /// (`f_bavail`), or nil when `statvfs` fails.
    public static func availableBytes(at path: String) -> Int64? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }

    /// A generous guess at what `job` writes: the local inputs' size times a factor per kind
    /// (an MP3 rarely outgrows twice its input; a video of a talk is a few times its MP3),
    /// plus a floor for a carousel's images. URL inputs count as nothing: the fetch has its own limit.
    public static func expectedOutputBytes(of job: Job, roots: InputRoots) -> Int64 {
        let inputs = (job.input.map { [$0] } ?? []) + job.inputs
        var inputBytes: Int64 = 0
        for text in inputs {
            guard case .file(let root, let relative) = try? InputReference.resolve(text, field: "input", roots: roots),
                let info = try? FileOps.info(root + "/" + relative)
            else { continue }
            inputBytes += info.size
        }
        switch job.kind {
        case .mp3, .concat: return inputBytes * 2
        case .mp4: return inputBytes * 10
        case .carousel: return 64 << 20
        }
    }
}
