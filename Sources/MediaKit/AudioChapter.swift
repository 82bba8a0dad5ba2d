/// One chapter of an exported file: a paragraph of a page export, with its place in the
/// output's decoded timeline (after encoder delay and padding are trimmed).
public struct AudioChapter: Sendable, Equatable {
    public var title: String
    public var startSeconds: Double
    public var endSeconds: Double

    public init(title: String, startSeconds: Double, endSeconds: Double) {
        self.title = title
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
    }
}
