import CFFmpeg
import CLame

/// The versions of the media libraries linked in, e.g. for keys that must change when an
/// encoder may produce different bytes.
public enum MediaLibraries {
    /// `lame 3.100, avcodec 59.37.100, avformat 59.27.100, swresample 4.7.100, avfilter 8.44.100`.
    public static var versions: String {
        "lame \(String(cString: get_lame_version())), avcodec \(text(avcodec_version())), avformat \(text(avformat_version())), "
            + "swresample \(text(swresample_version())), avfilter \(text(avfilter_version()))"
    }

    private static func text(_ version: UInt32) -> String {
        "\(version >> 16).\(version >> 8 & 0xFF).\(version & 0xFF)"
    }
}
