extension RenderRequest {
    /// The longest gap between parts.
    static let maximumGapMilliseconds = 600_000
    /// Gains beyond ±60 dB are mistakes, not loudness corrections.
    static let gainRange = -60.0...60.0
    /// A ceiling below -30 dBTP is a mistake.
    static let ceilingRange = -30.0...0.0
    /// Loudness targets that make sense for published audio.
    static let targetRange = -40.0...(-5.0)
    /// ID3v2's `CTOC` lists at most 255 chapters.
    static let maximumMP3Chapters = 255

    /// Checks what can be checked before opening anything.
    func validate() throws(MediaError) {
        guard !parts.isEmpty else { throw Self.invalid("a render needs at least one part") }
        guard (0...Self.maximumGapMilliseconds).contains(gapMilliseconds) else {
            throw Self.invalid("gap \(gapMilliseconds) ms is out of range; use 0…\(Self.maximumGapMilliseconds) ms")
        }
        for (index, part) in parts.enumerated() where !(part.gainDB.isFinite && Self.gainRange.contains(part.gainDB)) {
            throw Self.invalid("part \(index + 1) '\(part.name)': gain \(part.gainDB) dB is out of range; use -60…60 dB")
        }
        if let ceiling = truePeakCeilingDBTP, !(ceiling.isFinite && Self.ceilingRange.contains(ceiling)) {
            throw Self.invalid("true-peak ceiling \(ceiling) dBTP is out of range; use -30…0 dBTP")
        }
        if let target = loudnessTargetLUFS, !(target.isFinite && Self.targetRange.contains(target)) {
            throw Self.invalid("loudness target \(target) LUFS is out of range; use -40…-5 LUFS")
        }
        if writesChapters {
            let limit = encoding.format == .mp3 ? Self.maximumMP3Chapters : VorbisChapterComments.maximumCount
            guard parts.count <= limit else {
                throw Self.invalid("\(parts.count) chapters do not fit \(encoding.format.rawValue); at most \(limit)")
            }
        }
        try encoding.validate()
    }

    private static func invalid(_ message: String) -> MediaError {
        MediaError(.invalidSettings, message)
    }
}
