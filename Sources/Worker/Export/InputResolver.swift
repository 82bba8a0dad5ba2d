import SpoolCore
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Opens a job's inputs in order: paths beneath their root (``InputOpener``), URLs fetched into
/// the job folder's `fetched/` first (``URLFetcher``), then opened like a file.
struct InputResolver {
    let settings: WorkerSettings
    let jobFolder: String

    /// Where URL inputs land; removed when the job completes (and with every failed attempt).
    var fetchFolder: String { jobFolder + "/fetched" }

    func resolve(
        _ references: [(field: String, text: String)], progress: (_ index: Int, _ bytes: Int64, _ total: Int64?) -> Void
    ) throws -> [ResolvedInput] {
        var resolved: [ResolvedInput] = []
        for (index, reference) in references.enumerated() {
            let name = ResolvedInput.fileName(of: reference.text)
            switch try InputReference.resolve(reference.text, field: reference.field, roots: settings.roots) {
            case .file:
                let descriptor = try InputOpener.open(reference.text, field: reference.field, roots: settings.roots)
                resolved.append(
                    ResolvedInput(field: reference.field, reference: reference.text, name: name, descriptor: descriptor, fetched: nil))
            case .url(let url):
                resolved.append(try fetch(url, field: reference.field, index: index, name: name) { progress(index, $0, $1) })
            }
        }
        return resolved
    }

    private func fetch(
        _ url: String, field: String, index: Int, name: String, progress: (Int64, Int64?) -> Void
    ) throws -> ResolvedInput {
        do {
            try FileOps.ensureDirectory(fetchFolder)
        } catch {
            throw JobError(.ioError, field: field, reason: "cannot create \(fetchFolder): \(error.message)")
        }
        let safeName = InboxName.rejectedBase(name)
        let destination = fetchFolder + "/\(index + 1)-\(safeName)"
        var policy = FetchPolicy(allowedHosts: settings.allowedHosts.patterns)
        policy.maxBytes = settings.fetchMaxBytes
        let result = try URLFetcher.fetch(url, field: field, to: destination, policy: policy, progress: progress)
        let fd = open(destination, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else {
            throw JobError(.ioError, field: field, reason: "cannot open the fetched copy of \(name): \(String(cString: strerror(errno)))")
        }
        let info = FetchInfo(
            field: field, url: URLText.withoutUserInfo(url), bytes: result.bytes, attempts: result.attempts, redirects: result.redirects)
        return ResolvedInput(field: field, reference: url, name: name, descriptor: FileDescriptor(rawValue: fd), fetched: info)
    }

    /// Removes what was fetched, once the outputs are written.
    func removeFetched() {
        try? FileOps.removeTree(fetchFolder)
    }
}

/// URLs as they may appear in statuses and logs.
enum URLText {
    /// `https://user:secret@host/x` → `https://host/x`.
    static func withoutUserInfo(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<schemeEnd.upperBound]) + String(rest[rest.index(after: at)...])
    }
}
