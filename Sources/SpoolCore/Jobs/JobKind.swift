/// What a job makes. `page` is accepted as an alias of `concat`.
public enum JobKind: String, CaseIterable, Sendable, Codable {
    case mp3, concat, mp4, carousel

    public init?(name: String) {
        if name == "page" {
            self = .concat
        } else {
            self.init(rawValue: name)
        }
    }

    /// Every spelling a job file may use.
    public static let acceptedNames = ["mp3", "concat", "page", "mp4", "carousel"]

    /// The kinds this build can run (a validator may be given fewer; the others are rejected with `unsupported`).
    public static let implemented: Set<JobKind> = Set(allCases)

    /// Whether a worker that finished a job of this kind is retired instead of serving another.
    /// librsvg, cairo, pango and GLib keep process-wide state (type registrations, font and
    /// glyph caches, slice allocations) that no call frees: after a carousel, a worker stays
    /// about 20 MB larger for every later job, an audiogram's peak included. An audiogram leaves
    /// x264's and libavfilter's freed buffers scattered over the heap, so the next video on the
    /// same worker peaks a few MiB above one on a fresh process; a process start (about 50 ms)
    /// is small beside any video's encode.
    public var retiresWorker: Bool { self == .carousel || self == .mp4 }

    /// The priority of a job of this kind that names none (higher runs first; a job's own
    /// `priority`, −100 … 100, always wins). Audio before video, as the old export service
    /// planned: a short mp3 or page export does not wait behind audiograms and carousels that
    /// arrived earlier. ±10 leaves room on both sides and between: above 10 for urgent work, below
    /// −10 for bulk, and −9 … 9 for jobs that should follow the audio but precede the video.
    public var defaultPriority: Int {
        switch self {
        case .mp3, .concat: 10
        case .mp4, .carousel: -10
        }
    }

    /// Seconds of work per second of input assumed before the ledger has measured any.
    public var defaultWorkRatio: Double {
        switch self {
        case .mp3, .concat: 0.05
        case .mp4: 0.5
        case .carousel: 0.02
        }
    }
}
