import CFFmpeg

/// FFmpeg's own logging (to stderr), turned down to errors once per process.
enum FFmpegLog {
    private static let configured: Void = { av_log_set_level(AV_LOG_ERROR) }()

    /// Sets `av_log_set_level(AV_LOG_ERROR)` the first time it is called.
    static func configure() { configured }
}
