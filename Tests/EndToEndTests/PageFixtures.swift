import Foundation
import Testing

/// Paragraph recordings the way a page export gets them: espeak-ng speech, levelled and
/// resampled with sox, encoded with the `lame` command line into media/.
extension SpoolFixture {
    static let paragraphs = [
        "The first paragraph opens the page and sets the scene.",
        "A second paragraph carries the argument further, at another pace.",
        "The third paragraph closes the page.",
    ]

    /// `media/<name>` as an MP3 of `text` (lame `-b kbps`), at `rate` Hz, `channels`, scaled by `volume`.
    @discardableResult
    func makeSpeechMP3(
        _ name: String, text: String, rate: Int = 44100, channels: Int = 1, volume: Double = 0.8, kbps: Int = 64, title: String? = nil
    ) throws -> String {
        let wav = directory + "/\(name).wav"
        try makeSpeechWAV(wav, text: text, rate: rate, channels: channels, volume: volume)
        var arguments = ["--quiet", "-b", "\(kbps)", wav, layout.media + "/" + name]
        if let title { arguments = ["--tt", title] + arguments }
        let lame = try Self.run("lame", arguments)
        try #require(lame.status == 0, "lame: \(lame.stderr)")
        return layout.media + "/" + name
    }

    /// A WAV of `text` spoken by espeak-ng, resampled and scaled by sox.
    func makeSpeechWAV(_ path: String, text: String, rate: Int = 44100, channels: Int = 1, volume: Double = 0.8) throws {
        let raw = path + ".raw.wav"
        let speech = try Self.run("espeak-ng", ["-w", raw, text])
        try #require(speech.status == 0, "espeak-ng: \(speech.stderr)")
        let sox = try Self.run("sox", [raw, "-r", "\(rate)", "-c", "\(channels)", path, "vol", "\(volume)"])
        try #require(sox.status == 0, "sox: \(sox.stderr)")
        try? FileManager.default.removeItem(atPath: raw)
    }

    /// Integrated loudness (LUFS) and true peak (dBTP) as `ffmpeg -af ebur128=peak=true` measures them.
    static func loudness(_ path: String) throws -> (integrated: Double, truePeak: Double) {
        let result = try run("ffmpeg", ["-nostdin", "-hide_banner", "-i", path, "-af", "ebur128=peak=true", "-f", "null", "-"])
        try #require(result.status == 0, "ffmpeg ebur128: \(result.stderr)")
        let summary = result.stderr[(result.stderr.range(of: "Summary:")?.upperBound ?? result.stderr.startIndex)...]
        func value(after label: String) -> Double? {
            guard let range = summary.range(of: label) else { return nil }
            let rest = summary[range.upperBound...].drop { $0 == " " }
            return Double(rest.prefix { "-+.0123456789".contains($0) })
        }
        return (try #require(value(after: "I:")), try #require(value(after: "Peak:")))
    }

    /// Chapters as ffprobe reads them: (title, start, end) in seconds.
    static func chapters(_ path: String) throws -> [(title: String, start: Double, end: Double)] {
        let result = try run("ffprobe", ["-v", "error", "-show_chapters", "-of", "json", path])
        try #require(result.status == 0, "ffprobe: \(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return ((json?["chapters"] as? [[String: Any]]) ?? []).map { chapter in
            (
                (chapter["tags"] as? [String: String])?["title"] ?? "",
                Double(chapter["start_time"] as? String ?? "") ?? -1, Double(chapter["end_time"] as? String ?? "") ?? -1
            )
        }
    }

    /// Format and stream tags together (Ogg keeps them on the stream), keys lower-cased.
    static func allTags(_ path: String) throws -> [String: String] {
        let result = try run("ffprobe", ["-v", "error", "-show_entries", "format_tags:stream_tags", "-of", "json", path])
        try #require(result.status == 0, "ffprobe: \(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        var tags: [String: String] = [:]
        for stream in (json?["streams"] as? [[String: Any]]) ?? [] {
            for (key, value) in (stream["tags"] as? [String: String]) ?? [:] { tags[key.lowercased()] = value }
        }
        for (key, value) in ((json?["format"] as? [String: Any])?["tags"] as? [String: String]) ?? [:] { tags[key.lowercased()] = value }
        return tags
    }
}
