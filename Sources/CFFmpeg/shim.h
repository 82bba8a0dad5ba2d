// Macros and variadic functions of the FFmpeg libraries that Swift cannot import,
// wrapped as static inline functions with a `cff_` prefix. Verified with FFmpeg 5.1.
#ifndef CFFMPEG_SHIM_H
#define CFFMPEG_SHIM_H

#include <errno.h>
#include <libavformat/avformat.h>
#include <libavformat/avio.h>
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/avutil.h>
#include <libavutil/dict.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/mem.h>
#include <libavutil/opt.h>
#include <libavutil/samplefmt.h>
#include <libavutil/sha.h>
#include <libavutil/timestamp.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>

static inline int cff_averror(int posixError) { return AVERROR(posixError); }
static inline int cff_averror_eof(void) { return AVERROR_EOF; }
static inline int cff_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int cff_averror_enomem(void) { return AVERROR(ENOMEM); }
static inline int cff_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
static inline int cff_averror_decoder_not_found(void) { return AVERROR_DECODER_NOT_FOUND; }
static inline int cff_averror_demuxer_not_found(void) { return AVERROR_DEMUXER_NOT_FOUND; }
static inline int cff_averror_stream_not_found(void) { return AVERROR_STREAM_NOT_FOUND; }
static inline int cff_averror_exit(void) { return AVERROR_EXIT; }
static inline int cff_averror_patchwelcome(void) { return AVERROR_PATCHWELCOME; }
static inline int cff_averror_bug(void) { return AVERROR_BUG; }
static inline int cff_averror_unknown(void) { return AVERROR_UNKNOWN; }

static inline int64_t cff_nopts_value(void) { return AV_NOPTS_VALUE; }
static inline AVRational cff_time_base_q(void) { return AV_TIME_BASE_Q; }
static inline int cff_time_base(void) { return AV_TIME_BASE; }
static inline int cff_avseek_size(void) { return AVSEEK_SIZE; }
static inline int cff_avseek_force(void) { return AVSEEK_FORCE; }
static inline int cff_avfmt_flag_custom_io(void) { return AVFMT_FLAG_CUSTOM_IO; }

static inline AVChannelLayout cff_channel_layout_mono(void) {
    AVChannelLayout layout = AV_CHANNEL_LAYOUT_MONO;
    return layout;
}
static inline AVChannelLayout cff_channel_layout_stereo(void) {
    AVChannelLayout layout = AV_CHANNEL_LAYOUT_STEREO;
    return layout;
}

static inline uint32_t cff_mktag(char a, char b, char c, char d) { return MKTAG(a, b, c, d); }

/// `av_log` is variadic; this logs one preformatted message.
static inline void cff_log(void *avcl, int level, const char *message) {
    av_log(avcl, level, "%s", message);
}

/// `av_err2str` is a macro around a compound literal; this fills a caller buffer.
static inline const char *cff_err2str(int errnum, char *buffer, size_t size) {
    av_strerror(errnum, buffer, size);
    return buffer;
}

/// `av_ts2str` is a macro around a compound literal; this fills a caller buffer.
static inline const char *cff_ts2str(int64_t ts, char *buffer) {
    return av_ts_make_string(buffer, ts);
}
static inline int cff_ts_max_string_size(void) { return AV_TS_MAX_STRING_SIZE; }

static inline int cff_codec_flag_global_header(void) { return AV_CODEC_FLAG_GLOBAL_HEADER; }
static inline int cff_codec_cap_small_last_frame(void) { return AV_CODEC_CAP_SMALL_LAST_FRAME; }
static inline int cff_codec_cap_variable_frame_size(void) { return AV_CODEC_CAP_VARIABLE_FRAME_SIZE; }
static inline int cff_avfmt_globalheader(void) { return AVFMT_GLOBALHEADER; }

/// Appends a chapter to an output context (libavformat's own `avpriv_new_chapter` is private).
/// `avformat_free_context` frees it with the context.
static inline int cff_avformat_add_chapter(AVFormatContext *s, int64_t id, AVRational time_base,
                                           int64_t start, int64_t end, const char *title) {
    AVChapter *chapter = av_mallocz(sizeof(AVChapter));
    if (!chapter) return AVERROR(ENOMEM);
    chapter->id = id;
    chapter->time_base = time_base;
    chapter->start = start;
    chapter->end = end;
    if (title && av_dict_set(&chapter->metadata, "title", title, 0) < 0) {
        av_free(chapter);
        return AVERROR(ENOMEM);
    }
    int count = (int)s->nb_chapters;
    if (av_dynarray_add_nofree(&s->chapters, &count, chapter) < 0) {
        av_dict_free(&chapter->metadata);
        av_free(chapter);
        return AVERROR(ENOMEM);
    }
    s->nb_chapters = (unsigned int)count;
    return 0;
}

#endif
