/// How numbers and times read on the dashboard. The page's script has twins of these (DashboardScript),
/// so a row looks the same whether the server or the script drew it.
enum DashboardFormat {
    /// SI units like file managers show them: 950 B, 1.2 MB, 48 MB.
    static func bytes(_ count: Int64) -> String {
        if count < 1000 { return "\(max(count, 0)) B" }
        let units = ["kB", "MB", "GB", "TB"]
        var value = Double(count) / 1000
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if value < 10 {
            let tenths = Int((value * 10).rounded())
            return "\(tenths / 10).\(tenths % 10) \(units[unit])"
        }
        return "\(Int(value.rounded())) \(units[unit])"
    }

    /// A media duration as a player shows it: 0:42, 12:05, 1:02:03; nil when unknown.
    static func duration(_ seconds: Double?) -> String? {
        guard let seconds, seconds.isFinite, seconds >= 0 else { return nil }
        let total = Int(seconds.rounded())
        let hours = total / 3600
        let minutes = total % 3600 / 60
        let secs = pad(total % 60)
        return hours > 0 ? "\(hours):\(pad(minutes)):\(secs)" : "\(minutes):\(secs)"
    }

    /// The worker's estimate, deliberately vague: ~12 s left, ~3 min left, ~1 h 5 min left.
    static func eta(_ seconds: Int?) -> String {
        guard let seconds, seconds >= 0 else { return "" }
        if seconds < 60 { return "~\(seconds) s left" }
        let minutes = Int((Double(seconds) / 60).rounded())
        if minutes < 60 { return "~\(minutes) min left" }
        return "~\(minutes / 60) h" + (minutes % 60 > 0 ? " \(minutes % 60) min" : "") + " left"
    }

    /// Whole percent, rounded down so a job never shows 100 % before it is done.
    static func percent(_ progress: Double) -> Int {
        guard progress.isFinite else { return 0 }
        return min(100, max(0, Int((progress * 100).rounded(.down))))
    }

    /// `2026-11-23T10:15:02.123456Z` as `2026-11-23 10:15 UTC`; the script turns it into local time.
    static func time(_ iso: String) -> String {
        let chars = Array(iso)
        guard chars.count >= 16, chars[10] == "T", iso.hasSuffix("Z") else { return iso }
        return String(chars[0..<10]) + " " + String(chars[11..<16]) + " UTC"
    }

    private static func pad(_ number: Int) -> String {
        number < 10 ? "0\(number)" : "\(number)"
    }
}
