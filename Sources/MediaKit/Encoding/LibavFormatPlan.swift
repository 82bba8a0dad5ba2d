import CFFmpeg

/// How libavcodec and libavformat write one of the non-mp3 formats: muxer, encoder, sample
/// format, muxer options, where tags go and how chapters are carried.
struct LibavFormatPlan {
    enum Chapters {
        /// `AVChapter`s added before the trailer: the mov muxer writes a QuickTime chapter
        /// track and Nero `chpl` atom from them.
        case avChapters
        /// `CHAPTERnnn` comments with placeholder times, patched after the trailer.
        case vorbisComments(ChapterCommentPatcher.Container)
        /// The format has no chapters (WAV).
        case none
    }

    var muxer: String
    var encoder: String
    var sampleFormat: AVSampleFormat
    var options: [String: String]
    /// Ogg writes the stream's tags as its Vorbis comments; the others take the file's.
    var tagsOnStream: Bool
    var chapters: Chapters

    init(_ encoding: ResolvedEncoding) {
        let bits24 = encoding.bits == 24
        switch encoding.format {
        case .m4a:
            self.init(
                muxer: "ipod", encoder: "aac", sampleFormat: AV_SAMPLE_FMT_FLTP,
                options: ["movflags": "+faststart"], tagsOnStream: false, chapters: .avChapters)
        case .opus:
            self.init(
                muxer: "ogg", encoder: "libopus", sampleFormat: AV_SAMPLE_FMT_FLT, options: [:], tagsOnStream: true,
                chapters: .vorbisComments(.ogg))
        case .flac:
            self.init(
                muxer: "flac", encoder: "flac", sampleFormat: bits24 ? AV_SAMPLE_FMT_S32 : AV_SAMPLE_FMT_S16,
                options: [:], tagsOnStream: false, chapters: .vorbisComments(.flac))
        case .wav:
            self.init(
                muxer: "wav", encoder: bits24 ? "pcm_s24le" : "pcm_s16le",
                sampleFormat: bits24 ? AV_SAMPLE_FMT_S32 : AV_SAMPLE_FMT_S16,
                options: ["rf64": "auto"], tagsOnStream: false, chapters: .none)
        case .mp3:
            preconditionFailure("mp3 is written by LameOutput")
        }
    }

    private init(
        muxer: String, encoder: String, sampleFormat: AVSampleFormat, options: [String: String], tagsOnStream: Bool,
        chapters: Chapters
    ) {
        self.muxer = muxer
        self.encoder = encoder
        self.sampleFormat = sampleFormat
        self.options = options
        self.tagsOnStream = tagsOnStream
        self.chapters = chapters
    }
}
