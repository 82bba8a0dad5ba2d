import SpoolCore
import SystemPackage

/// One input of a job, opened and ready to decode: a file under an allowed root, or a URL
/// input already fetched into the job folder. Owns its descriptor.
final class ResolvedInput {
    /// The job field it came from: `input`, `inputs[2]`.
    let field: String
    /// As written in the job.
    let reference: String
    /// The file name, for probing by extension, chapter titles and messages.
    let name: String
    let descriptor: FileDescriptor
    /// What fetching it took, for a URL input.
    let fetched: FetchInfo?

    init(field: String, reference: String, name: String, descriptor: FileDescriptor, fetched: FetchInfo?) {
        self.field = field
        self.reference = reference
        self.name = name
        self.descriptor = descriptor
        self.fetched = fetched
    }

    deinit {
        try? descriptor.close()
    }

    /// Back to the start, for a second pass (a loudness scan, then the encode).
    func rewind() throws(JobError) {
        do {
            _ = try descriptor.seek(offset: 0, from: .start)
        } catch {
            throw JobError(.inputUnreadable, field: field, reason: "cannot seek \(name): \(error)")
        }
    }

    /// The name without its extension: the chapter title of last resort.
    var stem: String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    /// The last path component of a path or URL (query and fragment dropped).
    static func fileName(of reference: String) -> String {
        var text = Substring(reference)
        if let end = text.firstIndex(where: { $0 == "?" || $0 == "#" }), reference.contains("://") { text = text[..<end] }
        let last = text.split(separator: "/").last.map(String.init) ?? reference
        return last.isEmpty ? "input" : last
    }
}
