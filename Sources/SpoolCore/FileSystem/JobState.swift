/// The state folders of a spool. A job is in exactly one of them at any time, and moves
/// between them only by `rename(2)` of its folder.
public enum JobState: String, CaseIterable, Sendable, Codable {
    case pending, processing, done, failed, hold

    /// The folder name under the spool root.
    public var folderName: String { rawValue }
}
