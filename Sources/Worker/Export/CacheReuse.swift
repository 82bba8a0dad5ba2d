import SpoolCore

#if canImport(Glibc)
    import Glibc
#endif

/// Reuses a finished job's output for a job with the same cache key: the output is hard-linked
/// into this job's folder under this job's output name (copied when the file system cannot
/// link), as `<name>.part` first, then renamed, so a crash never leaves a half output.
struct CacheReuse {
    let layout: SpoolLayout

    struct Hit {
        var sourceJobID: String
        var source: JobStatus
        var output: OutputFile
    }

    /// The finished job recorded for `key`, if it is still in `done/` with its output whole
    /// (present, a regular file of the recorded size).
    func find(key: String, excluding jobID: String) -> Hit? {
        guard let sourceID = ResultCache(layout: layout).lookup(key: key), sourceID != jobID else { return nil }
        let folder = layout.jobFolder(sourceID, in: .done)
        guard let status = StatusFile.read(from: folder), status.status == .completed, status.cache?.key == key,
            status.outputs.count == 1, let output = status.outputs.first,
            let info = try? FileOps.info(folder + "/" + output.name), info.kind == .regular, info.size == output.size
        else { return nil }
        return Hit(sourceJobID: sourceID, source: status, output: output)
    }

    /// Places the hit's output at `jobFolder/name`; returns whether it was linked (else copied).
    func place(_ hit: Hit, into jobFolder: String, as name: String) throws(JobError) -> Bool {
        let source = layout.jobFolder(hit.sourceJobID, in: .done) + "/" + hit.output.name
        let part = jobFolder + "/" + name + ".part"
        let target = jobFolder + "/" + name
        unlink(part)
        var linked = true
        if link(source, part) != 0 {
            guard [EXDEV, EPERM, EMLINK, ENOTSUP].contains(errno) else { throw failure("link", source) }
            linked = false
            try copy(source, to: part)
        }
        if rename(part, target) != 0 {
            let error = failure("rename", target)
            unlink(part)
            throw error
        }
        do { try FileOps.syncDirectory(jobFolder) } catch { throw JobError(.ioError, field: nil, reason: error.message) }
        return linked
    }

    private func copy(_ source: String, to destination: String) throws(JobError) {
        let input = open(source, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard input >= 0 else { throw failure("open", source) }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard output >= 0 else { throw failure("open", destination) }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw failure("read", source) }
            if count == 0 { break }
            var written = 0
            while written < count {
                let n = buffer.withUnsafeBytes { write(output, $0.baseAddress! + written, count - written) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw failure("write", destination) }
                written += n
            }
        }
        guard fsync(output) == 0 else { throw failure("fsync", destination) }
    }

    private func failure(_ function: String, _ path: String) -> JobError {
        JobError(.ioError, field: nil, reason: "\(function)(\(path)) for a cache hit: \(String(cString: strerror(errno)))")
    }
}
