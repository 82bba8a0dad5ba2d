/// The one error type of TextKit, shaped like ``MediaError``: an extensible ``Code``, a message
/// that says what went wrong and what to do, and the failing C function if there is one.
///
/// ```swift
/// do {
///     let font = try FontLocator.locate(family: job.fontFamily)
/// } catch TextKitError.Code.fontNotFound {
///     // the job names a family that is not installed
/// }
/// ```
public struct TextKitError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is. New codes may be added; switch with a `default` branch.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The kebab-case name, e.g. `font-not-found`.
        public let description: String

        private init(_ name: String) { self.description = name }

        /// fontconfig knows no family of that name (its best match was another family).
        public static let fontNotFound = Code("font-not-found")
        /// The font file could not be opened or is not a font FreeType can read.
        public static let fontUnreadable = Code("font-unreadable")
        /// A background image or logo could not be read, or is not PNG, JPEG or SVG.
        public static let imageUnreadable = Code("image-unreadable")
        /// The requested size, style or text cannot be laid out or rendered.
        public static let invalidSettings = Code("invalid-settings")
        /// librsvg, cairo or FreeType failed to render.
        public static let renderFailed = Code("render-failed")
        /// Writing, syncing or renaming the output failed; usually transient (disk full, I/O error).
        public static let writeFailed = Code("write-failed")

        /// Lets `catch TextKitError.Code.fontNotFound` match a thrown ``TextKitError``.
        public static func ~= (pattern: Code, error: any Error) -> Bool {
            (error as? TextKitError)?.code == pattern
        }
    }

    public var code: Code
    /// What went wrong and what to do about it.
    public var message: String
    /// The failing C function, if any (`FT_New_Face`, `rsvg_handle_new_from_data`, `rename`, …).
    public var function: String?

    public init(_ code: Code, _ message: String, function: String? = nil) {
        self.code = code
        self.message = message
        self.function = function
    }

    public var description: String { "\(code): \(message)" }
}
