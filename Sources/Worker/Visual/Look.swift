import SpoolCore
import SystemPackage

/// The resolved look of an audiogram or carousel, with its images opened beneath `templates/`
/// (so a symlink cannot lead out) and the job field to blame for each. The images are handed to
/// the media libraries as `/proc/self/fd/N` paths of the open descriptors.
final class Look {
    let style: ResolvedStyle
    let templateId: String?
    let backgroundImage: OpenedImage?
    let logo: OpenedImage?

    /// An image file opened for reading, and the field that named it.
    final class OpenedImage {
        let descriptor: FileDescriptor
        let field: String
        let name: String
        var path: String { "/proc/self/fd/\(descriptor.rawValue)" }

        init(descriptor: FileDescriptor, field: String, name: String) {
            self.descriptor = descriptor
            self.field = field
            self.name = name
        }

        deinit { try? descriptor.close() }
    }

    /// Built-in defaults, then `templates/<templateId>.json`, then the job's `style`.
    init(job: Job, templates: TemplateStore) throws(JobError) {
        let templateId = job.extra["templateId"].flatMap { if case .string(let id) = $0 { id } else { nil } }
        var settings = StyleSettings()
        if let templateId { settings = try templates.load(id: templateId) }
        var jobStyle = StyleSettings()
        if case .object(let object)? = job.extra["style"] {
            switch StyleSettings.read(object, path: "style", strict: false) {
            case .success(let read): jobStyle = read
            case .failure(let rejection): throw rejection.first
            }
        }
        let style = ResolvedStyle(settings.overridden(by: jobStyle), kind: job.kind)
        func field(_ key: String, fromJob: Bool) -> String { fromJob ? "style.\(key)" : "templateId" }
        self.style = style
        self.templateId = templateId
        backgroundImage = try style.backgroundImage.map { (name) throws(JobError) in
            try Self.open(name, field: field("backgroundImage", fromJob: jobStyle.backgroundImage != nil), templates: templates)
        }
        logo = try style.logo.map { (name) throws(JobError) in
            try Self.open(name, field: field("logo", fromJob: jobStyle.logo != nil), templates: templates)
        }
    }

    /// The field to blame when `family` cannot be found.
    func fontField(job: Job) -> String {
        if case .object(let object)? = job.extra["style"], object["font"] != nil { return "style.font" }
        return templateId != nil ? "templateId" : "style.font"
    }

    private static func open(_ name: String, field: String, templates: TemplateStore) throws(JobError) -> OpenedImage {
        let roots = InputRoots(media: templates.directory.string)
        return OpenedImage(descriptor: try InputOpener.open(name, field: field, roots: roots), field: field, name: name)
    }
}
