import SystemPackage

/// The spool's `templates/` folder: `<templateId>.json` files holding a ``StyleSettings``
/// object, and the images they name.
public struct TemplateStore: Sendable {
    public let directory: FilePath

    /// Largest template file read.
    public static let maxBytes = 256 * 1024

    public init(directory: FilePath) { self.directory = directory }
    public init(layout: SpoolLayout) { self.init(directory: FilePath(layout.templates)) }

    /// Reads template `id`; errors blame `templateId` and name the file and the key.
    public func load(id: String) throws(JobError) -> StyleSettings {
        guard Job.isValidID(id) else {
            throw JobError(.invalidField, field: "templateId", reason: "\"\(id)\" does not match \(Job.idPattern)")
        }
        let name = "templates/\(id).json"
        let bytes: [UInt8]
        do {
            bytes = try Self.read(directory.appending("\(id).json"))
        } catch Errno.noSuchFileOrDirectory {
            throw JobError(.invalidTemplate, field: "templateId", reason: "no template \"\(id)\": \(name) does not exist")
        } catch {
            throw JobError(.invalidTemplate, field: "templateId", reason: "\(name) cannot be read: \(error)")
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            throw JobError(.invalidTemplate, field: "templateId", reason: "\(name) is \(error.reason)")
        }
        guard let object = value.objectValue else {
            throw JobError(.invalidTemplate, field: "templateId", reason: "\(name) must hold a JSON object of style settings")
        }
        switch StyleSettings.read(object, path: nil, strict: true) {
        case .success(let settings): return settings
        case .failure(let rejection):
            throw JobError(.invalidTemplate, field: "templateId", reason: "\(name): \(rejection.first.message)")
        }
    }

    /// The file an image setting names (already checked to stay inside `templates/`).
    public func imagePath(_ relative: String) -> FilePath { directory.appending(relative) }

    private static func read(_ path: FilePath) throws -> [UInt8] {
        let descriptor = try FileDescriptor.open(path, .readOnly, options: [.noFollow])
        defer { try? descriptor.close() }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try descriptor.read(into: $0) }
            if count == 0 { break }
            bytes += buffer[0..<count]
            if bytes.count > maxBytes { throw Errno.fileTooLarge }
        }
        return bytes
    }
}
