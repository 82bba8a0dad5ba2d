extension ID3v2Writer {
    /// Appends a top-level `CTOC` listing one `CHAP` per chapter (element IDs `ch0`, `ch1`, …),
    /// each with its title as `TIT2`. Times are whole milliseconds in fixed-width fields, so the
    /// same titles with other times encode to the same length: a tag written with placeholder
    /// times can be overwritten in place once the real times are known.
    mutating func appendChapters(_ chapters: [AudioChapter]) {
        guard !chapters.isEmpty else { return }
        let ids = chapters.indices.map { "ch\($0)" }
        frames.append(.tableOfContents(elementID: "toc", childElementIDs: ids))
        for (id, chapter) in zip(ids, chapters) {
            frames.append(
                .chapter(
                    elementID: id, startMilliseconds: Self.milliseconds(chapter.startSeconds),
                    endMilliseconds: Self.milliseconds(chapter.endSeconds),
                    subframes: [.text("TIT2", chapter.title)]))
        }
    }

    private static func milliseconds(_ seconds: Double) -> UInt32 {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return UInt32(clamping: Int64((seconds * 1000).rounded()))
    }
}
