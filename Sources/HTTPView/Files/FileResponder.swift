import Hummingbird
import Logging
import SpoolCore

#if canImport(Glibc)
    import Glibc
#endif

/// Answers `GET` and `HEAD` of `/files/{id}/{name}`: one output file of a finished job.
///
/// Only jobs in `done/` or `failed/` are looked at, and only names that the job's status.json
/// lists in `outputs`; everything else is 404, whatever exists on disk. The file is opened
/// relative to the job folder with openat2 (RESOLVE_BENEATH, RESOLVE_NO_SYMLINKS), so neither
/// an odd name nor a symlink planted in the folder can reach another file, and every header is
/// computed from `fstat` of the very descriptor the body is read from.
///
/// Conditional requests follow RFC 9110, section 13.2.2 (If-None-Match, then If-Modified-Since,
/// then If-Range); ranges follow section 14 with a single range per request (see ``ByteRange``).
/// File calls are plain blocking syscalls: the files are local, mostly in the page cache, and a
/// thread-pool hop per 256 KiB chunk would cost more than the read.
public struct FileResponder: Sendable {
    public let layout: SpoolLayout
    /// Bytes read from the file and handed to the connection per step: memory per response is
    /// bounded by this and the channel's write buffer.
    public let chunkSize: Int

    /// The states whose outputs are served. pending/, processing/ and hold/ never are.
    static let servedStates: [JobState] = [.done, .failed]
    /// Largest status.json read.
    static let maxStatusBytes = 4 << 20

    public init(layout: SpoolLayout, chunkSize: Int = 256 * 1024) {
        precondition(chunkSize > 0)
        self.layout = layout
        self.chunkSize = chunkSize
    }

    /// The response to `request` (GET or HEAD) for the raw, still percent-encoded path segments.
    public func respond(to request: Request, id rawID: Substring, name rawName: Substring, logger: Logger) -> Response {
        let response = fileResponse(to: request, id: rawID, name: rawName, logger: logger)
        // HEAD: the same status and headers, Content-Length included, and no body; an unwritten
        // body releases its descriptor.
        return request.method == .head ? response.createHeadResponse() : response
    }

    private func fileResponse(to request: Request, id rawID: Substring, name rawName: Substring, logger: Logger) -> Response {
        guard let id = ServedName.decode(rawID), Job.isValidID(id) else { return Self.error(.notFound, "no such job") }
        // The job's own files are never outputs, even if a status.json were to list one.
        guard let name = ServedName.decode(rawName), !JobFolder.keptAcrossAttempts.contains(name) else {
            return Self.error(.notFound, "no such file")
        }
        do throws(SpoolError) {
            guard let (folder, status) = try openJob(id) else { return Self.error(.notFound, "no such job") }
            // Byte comparison: Swift's String == treats canonically equivalent Unicode as equal,
            // which would let an unlisted name in another normal form through.
            guard let output = status.outputs.first(where: { $0.name.utf8.elementsEqual(name.utf8) }) else {
                return Self.error(.notFound, "no such file")
            }
            let file = try OpenFile.beneath(folder, name)
            let info = try file.info()
            guard info.kind == .regular else { return Self.error(.notFound, "no such file") }
            return fileResponse(to: request, file: file, info: info, output: output)
        } catch {
            if let code = error.errno, Self.absentErrors.contains(code) { return Self.error(.notFound, "no such file") }
            logger.error("files: \(error.message)", metadata: ["job": "\(id)"])
            return Self.error(.internalServerError, "the file cannot be read")
        }
    }

    /// errno values that mean "not there for you": missing, not a folder, a symlink (ELOOP), a
    /// path leaving the folder (EXDEV).
    static let absentErrors: Set<Int32> = [ENOENT, ENOTDIR, ELOOP, EXDEV]

    /// The folder of job `id` in a served state and its status; nil when there is none or its
    /// status.json is unreadable (nothing is listed then, so nothing could be served). The job
    /// folder itself must not be a symlink either.
    private func openJob(_ id: String) throws(SpoolError) -> (OpenFile, JobStatus)? {
        for state in Self.servedStates {
            let stateFolder = try OpenFile.directory(layout.folder(state))
            let folder: OpenFile
            do {
                folder = try OpenFile.beneath(stateFolder, id, directory: true)
            } catch {
                if error.errno == ENOENT { continue }
                throw error
            }
            guard let bytes = try? OpenFile.beneath(folder, StatusFile.name).readAll(maxBytes: Self.maxStatusBytes),
                let status = try? StatusFile.decode(bytes)
            else { return nil }
            return (folder, status)
        }
        return nil
    }

    private func fileResponse(to request: Request, file: OpenFile, info: FileInfo, output: OutputFile) -> Response {
        let size = info.size
        let tag = EntityTag.forFile(
            sha256: output.size == size ? output.sha256 : nil, inode: info.inode, size: size,
            modifiedNanoseconds: info.modifiedNanoseconds)
        let modified = Self.seconds(ofNanoseconds: info.modifiedNanoseconds)
        let now = HTTPDate.currentSeconds()

        var headers = HTTPFields()
        headers[.acceptRanges] = "bytes"
        headers[.eTag] = tag.headerValue
        headers[.lastModified] = HTTPDate.format(modified)
        headers[.cacheControl] = "public, max-age=0, must-revalidate"

        if Self.isNotModified(request.headers, tag: tag, modified: modified, now: now) {
            var response = Response(status: .notModified, headers: headers)
            // A 304 carries no content; Content-Length: 0 would claim the file is empty.
            response.headers[.contentLength] = nil
            return response
        }

        // Range is defined for GET only (RFC 9110, section 14.2): HEAD describes the whole file.
        var range = ByteRange.full
        if request.method == .get, let value = request.headers[.range],
            Self.ifRangeHolds(request.headers[.ifRange], tag: tag, modified: modified, now: now)
        {
            range = ByteRange.parse(value, size: size)
        }

        let contentType = ContentType.forOutput(named: output.name, declared: output.mimeType)
        headers[.contentType] = contentType
        headers[.xContentTypeOptions] = "nosniff"
        headers[.contentDisposition] = ContentDisposition.inline(filename: output.name)
        if ContentType.isScriptable(contentType) {
            headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
        }

        switch range {
        case .full:
            return Response(status: .ok, headers: headers, body: body(of: file, from: 0, count: size))
        case .partial(let bytes):
            headers[.contentRange] = "bytes \(bytes.lowerBound)-\(bytes.upperBound)/\(size)"
            let count = bytes.upperBound - bytes.lowerBound + 1
            return Response(status: .partialContent, headers: headers, body: body(of: file, from: bytes.lowerBound, count: count))
        case .unsatisfiable:
            var response = Self.error(.rangeNotSatisfiable, "range not satisfiable")
            response.headers[.contentRange] = "bytes */\(size)"
            response.headers[.acceptRanges] = "bytes"
            return response
        }
    }

    /// If-None-Match when present (weak comparison, `*` matches any file), else
    /// If-Modified-Since: true when the file is unchanged since that date (second precision).
    /// An IMS that is not an HTTP-date, or is later than now, is ignored.
    static func isNotModified(_ headers: HTTPFields, tag: EntityTag, modified: Int64, now: Int64) -> Bool {
        if let value = headers[.ifNoneMatch] {
            return EntityTag.Condition(value)?.matchesWeakly(tag) ?? false
        }
        if let value = headers[.ifModifiedSince], let since = HTTPDate.parse(value), since <= now {
            return modified <= since
        }
        return false
    }

    /// If-Range: absent, or an entity-tag that matches strongly, or the exact Last-Modified date
    /// when that date is a strong validator (at least a second in the past). Anything else means
    /// the client's partial copy is stale: it gets the whole file.
    static func ifRangeHolds(_ value: String?, tag: EntityTag, modified: Int64, now: Int64) -> Bool {
        guard let value else { return true }
        if let requested = EntityTag(parsing: value) { return requested.stronglyMatches(tag) }
        guard let date = HTTPDate.parse(value) else { return false }
        return date == modified && modified < now
    }

    /// A body of `count` bytes from `offset`, read in chunks of `chunkSize` with pread. The file
    /// was opened and checked when the response was made; should it shrink meanwhile, the body
    /// ends with an error and Hummingbird closes the connection rather than send short content.
    private func body(of file: OpenFile, from offset: Int64, count: Int64) -> ResponseBody {
        let chunkSize = self.chunkSize
        return ResponseBody(contentLength: Int(count)) { writer in
            // A few buffers in turn, so one can be filled while the channel still sends another.
            var ring = [ByteBuffer?](repeating: nil, count: 4)
            var turn = 0
            defer {
                for case let buffer? in ring { ChunkPool.shared.give(buffer) }
            }
            var position = offset
            let end = offset + count
            while position < end {
                let wanted = Int(min(Int64(chunkSize), end - position))
                var buffer = ring[turn] ?? ChunkPool.shared.take(capacity: wanted)
                ring[turn] = nil
                buffer.clear()
                var result = 0
                var failure: Int32 = 0
                buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: wanted) { raw in
                    repeat {
                        result = pread(file.descriptor, raw.baseAddress, wanted, off_t(position))
                        failure = result < 0 ? errno : 0
                    } while failure == EINTR
                    return max(result, 0)
                }
                if result < 0 { throw SpoolError.posix("pread", failure, path: "fd \(file.descriptor)") }
                if result == 0 { throw SpoolError(.io, "the file shrank while it was being sent", function: "pread") }
                position += Int64(result)
                try await writer.write(buffer)
                ring[turn] = buffer
                turn = (turn + 1) % ring.count
            }
            try await writer.finish(nil)
        }
    }

    /// Whole seconds, rounded down, of a time in nanoseconds.
    static func seconds(ofNanoseconds nanoseconds: Int64) -> Int64 {
        nanoseconds >= 0 ? nanoseconds / 1_000_000_000 : (nanoseconds - 999_999_999) / 1_000_000_000
    }

    /// A JSON error: `{"error": "…"}`.
    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        var text = "{\"error\":\""
        for scalar in message.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case _ where scalar.value < 0x20: text += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\"}"
        let headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
