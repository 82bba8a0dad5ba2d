/// Limits on what the demuxer may open and how much it may read while probing, so a hostile or
/// odd file costs bounded time and memory.
public struct DecodeLimits: Sendable {
    /// Demuxer names allowed (FFmpeg's `format_whitelist`). Playlists (hls, concat, …), image
    /// formats and network formats are deliberately absent.
    public var formatWhitelist: [String]
    /// At most this many streams (`max_streams`).
    public var maxStreams: Int
    /// Bytes read to probe the format and its streams (`probesize`).
    public var probeSize: Int
    /// Seconds of media analysed to find stream parameters (`analyzeduration`).
    public var maxAnalyzeDurationSeconds: Int

    public init(
        formatWhitelist: [String] = DecodeLimits.defaultFormatWhitelist, maxStreams: Int = 64,
        probeSize: Int = 5_000_000, maxAnalyzeDurationSeconds: Int = 10
    ) {
        self.formatWhitelist = formatWhitelist
        self.maxStreams = maxStreams
        self.probeSize = probeSize
        self.maxAnalyzeDurationSeconds = maxAnalyzeDurationSeconds
    }

    public static let `default` = DecodeLimits()

    /// Audio files and the containers recordings arrive in. Names are FFmpeg demuxer names; a
    /// demuxer with several names (`mov,mp4,m4a,3gp,3g2,mj2`) is allowed when any of them is listed.
    public static let defaultFormatWhitelist = [
        // audio files
        "wav", "w64", "flac", "ogg", "mp3", "aac", "aiff", "caf", "au", "wv", "ape", "tta",
        "amr", "ac3", "eac3", "dts", "truehd", "mlp", "loas", "mpc", "mpc8", "tak", "shn",
        "dsf", "voc", "xwma", "sox", "nistsphere", "ircam", "gsm",
        // containers that carry audio of recordings and videos
        "mov", "mp4", "m4a", "3gp", "3g2", "mj2", "matroska", "webm", "asf", "avi", "flv",
        "mpeg", "mpegts", "nut",
    ]

    /// Whether a demuxer's name list (`"matroska,webm"`) has a name on the whitelist, the way
    /// FFmpeg's `av_match_list` decides it.
    func allows(formatNamed names: String) -> Bool {
        names.split(separator: ",").contains { formatWhitelist.contains(String($0)) }
    }
}
