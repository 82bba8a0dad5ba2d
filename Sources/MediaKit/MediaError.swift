/// The one error type of MediaKit, shaped like NIO's `FileSystemError`: an extensible ``Code``,
/// a message that says what went wrong and what to do, the failing C function and its raw code.
///
/// ```swift
/// do {
///     _ = try MP3Transcoder.transcode(...)
/// } catch MediaError.Code.noAudioStream {
///     // the file has no audio to export
/// }
/// ```
public struct MediaError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is. New codes may be added; switch with a `default` branch.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The kebab-case name, e.g. `unsupported-format`.
        public let description: String

        private init(_ name: String) { self.description = name }

        /// No demuxer recognised the input, its format is not on the whitelist, or probing failed.
        public static let unsupportedFormat = Code("unsupported-format")
        /// The input is corrupt or cannot be decoded.
        public static let invalidData = Code("invalid-data")
        /// The input has no audio stream (cover art and video do not count).
        public static let noAudioStream = Code("no-audio-stream")
        /// The audio stream's codec has no decoder in this FFmpeg build.
        public static let decoderNotFound = Code("decoder-not-found")
        /// The container opens but decodes to zero samples.
        public static let emptyAudio = Code("empty-audio")
        /// The requested ``MP3Settings``, ``AudioEncoding`` or ``RenderRequest`` cannot be honoured
        /// (bitrate, quality, rate, channels, gains, ceiling, loudness target).
        public static let invalidSettings = Code("invalid-settings")
        /// Reading, writing, syncing or renaming failed; usually transient (disk full, I/O error).
        public static let io = Code("io")
        /// An allocation failed.
        public static let outOfMemory = Code("out-of-memory")
        /// An encoder or muxer failed (LAME, libavcodec, libavformat), or this FFmpeg lacks one.
        public static let encoder = Code("encoder")
        /// A library misbehaved in a way this code did not expect.
        public static let `internal` = Code("internal")

        /// Lets `catch MediaError.Code.io` match a thrown ``MediaError``.
        public static func ~= (pattern: Code, error: any Error) -> Bool {
            (error as? MediaError)?.code == pattern
        }

        /// Lets `catch MediaError.Code.io` match where the error is typed ``MediaError``.
        public static func ~= (pattern: Code, error: MediaError) -> Bool {
            error.code == pattern
        }
    }

    public var code: Code
    /// What went wrong and what to do about it; FFmpeg's own text comes from `av_strerror`.
    public var message: String
    /// The failing C function, if any (`avformat_open_input`, `lame_init_params`, `fsync`, …).
    public var function: String?
    /// The raw code the C function returned: an `AVERROR`, an `errno` or a LAME code.
    public var rawCode: Int32?

    public init(_ code: Code, _ message: String, function: String? = nil, rawCode: Int32? = nil) {
        self.code = code
        self.message = message
        self.function = function
        self.rawCode = rawCode
    }

    /// Whether trying again later may succeed (I/O and memory pressure), as opposed to a bad input.
    public var isTransient: Bool { code == .io || code == .outOfMemory }

    public var description: String { "\(code): \(message)" }
}
