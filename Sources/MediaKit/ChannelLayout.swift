import CFFmpeg

/// Owner of one `AVChannelLayout` (a custom-order layout holds an allocated map, freed by
/// `av_channel_layout_uninit`). Unspecified layouts become the default for their channel count.
struct ChannelLayout: ~Copyable {
    private var layout = AVChannelLayout()

    init(copying source: AVChannelLayout) {
        var source = source
        if source.order == AV_CHANNEL_ORDER_UNSPEC || av_channel_layout_check(&source) == 0 {
            av_channel_layout_default(&layout, max(source.nb_channels, 1))
        } else if av_channel_layout_copy(&layout, &source) < 0 {
            av_channel_layout_default(&layout, max(source.nb_channels, 1))
        }
    }

    /// The default layout for `channels` (mono, stereo, …).
    init(defaultFor channels: Int) {
        av_channel_layout_default(&layout, Int32(channels))
    }

    deinit {
        var owned = layout
        av_channel_layout_uninit(&owned)
    }

    var channelCount: Int { Int(layout.nb_channels) }

    func isSame(as other: borrowing ChannelLayout) -> Bool {
        var a = layout
        var b = other.layout
        return av_channel_layout_compare(&a, &b) == 0
    }

    /// The layout for C functions that take a non-const `AVChannelLayout *` (`swr_alloc_set_opts2`).
    mutating func withPointer<R, E: Error>(_ body: (UnsafeMutablePointer<AVChannelLayout>) throws(E) -> R) throws(E)
        -> R
    {
        try body(&layout)
    }
}
