import SpoolCore

/// Durations as people type them: `90s`, `45m`, `12h`, `30d`, `2w` (a bare number is seconds).
enum DurationText {
    static func seconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]
        var number = Substring(text)
        var unit = 1.0
        if let last = text.last, let factor = units[last] {
            unit = factor
            number = text.dropLast()
        }
        guard let value = Double(number), value >= 0, value.isFinite else { return nil }
        return value * unit
    }

    /// `since` as an ISO 8601 time or a duration back from now.
    static func since(_ text: String) -> Timestamp? {
        if let time = Timestamp(iso8601: text) { return time }
        return seconds(text).map { Timestamp.now().adding(seconds: -$0) }
    }
}
