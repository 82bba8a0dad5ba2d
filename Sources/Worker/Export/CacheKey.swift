import MediaKit
import SpoolCore

/// The result-cache key of a job: SHA-256 over the inputs' contents (never their names or
/// URLs) and everything that shapes the output bytes: kind, options as requested (presets
/// resolve the same way in one build), tags, chapter titles and the media libraries'
/// versions. Priority, ids, users, retries and the output's file name do not count (a hit is
/// linked under this job's own name).
enum CacheKey {
    /// Bump when the same request would make different bytes (a preset or an encoder change).
    static let version = 1

    static func compute(job: Job, inputs: [ResolvedInput]) throws(JobError) -> String {
        var inputDigests: [JSONValue] = []
        for input in inputs {
            do {
                inputDigests.append(.string(try SHA256Hasher.hexDigest(of: input.descriptor, name: input.name)))
            } catch {
                throw JobError(.inputUnreadable, field: input.field, reason: "cannot read \(input.name) to hash it: \(error.message)")
            }
        }
        guard case .object(var options) = job.json.objectValue?["options"] ?? .object([:]) else { return "" }
        options["cache"] = nil
        options["outputName"] = nil
        let description: JSONValue = .object([
            "cacheVersion": .number(Double(version)),
            "libraries": .string(MediaLibraries.versions),
            "kind": .string(job.kind.rawValue),
            "options": .object(options),
            "tags": .object(job.tags.mapValues(JSONValue.string)),
            "chapters": job.chapterTitles.map { .array($0.map(JSONValue.string)) } ?? .null,
            "inputs": .array(inputDigests),
        ])
        do {
            var hasher = try SHA256Hasher()
            description.serialized(pretty: false).withUnsafeBytes { hasher.update($0) }
            return hasher.finalize()
        } catch {
            throw JobError(.internalError, field: nil, reason: "cannot hash the cache key: \(error.message)")
        }
    }
}
