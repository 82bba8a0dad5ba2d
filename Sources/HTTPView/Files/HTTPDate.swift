#if canImport(Glibc)
    import Glibc
#endif

/// HTTP-date (RFC 9110, section 5.6.7) as whole seconds since the epoch, without Foundation's
/// formatters: one is needed per file response and they are slow and locale-bound.
///
/// Formats IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`); parses it and the two obsolete forms
/// a recipient must also accept: RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime
/// (`Sun Nov  6 08:49:37 1994`).
enum HTTPDate {
    static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let longDayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// IMF-fixdate of `seconds` since the epoch.
    static func format(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        // 1970-01-01 was a Thursday (index 3 from Monday).
        let weekday = Int(((days % 7) + 7 + 3) % 7)
        return "\(dayNames[weekday]), \(twoDigits(day)) \(monthNames[month - 1]) \(year) "
            + "\(twoDigits(Int(secondOfDay / 3600))):\(twoDigits(Int(secondOfDay / 60 % 60))):\(twoDigits(Int(secondOfDay % 60))) GMT"
    }

    /// Seconds since the epoch, or nil when `text` is none of the three HTTP-date forms. The day
    /// name is checked for shape only, as most servers do.
    static func parse(_ text: some StringProtocol) -> Int64? {
        var reader = Reader(Array(text.utf8))
        reader.skipSpaces()
        guard let dayName = reader.letters() else { return nil }
        if reader.take(",") {
            if dayNames.contains(dayName) {
                return imfFixdate(&reader)
            } else if longDayNames.contains(dayName) {
                return rfc850(&reader)
            }
            return nil
        }
        guard dayNames.contains(dayName) else { return nil }
        return asctime(&reader)
    }

    /// ` 06 Nov 1994 08:49:37 GMT`
    private static func imfFixdate(_ reader: inout Reader) -> Int64? {
        guard reader.take(" "), let day = reader.digits(exactly: 2), reader.take(" "),
            let month = reader.month(), reader.take(" "), let year = reader.digits(exactly: 4), reader.take(" "),
            let time = reader.time(), reader.take(" GMT"), reader.atEnd(afterSpaces: true)
        else { return nil }
        return seconds(year: year, month: month, day: day, time: time)
    }

    /// ` 06-Nov-94 08:49:37 GMT`: a two-digit year that would be more than 50 years in the future
    /// is the most recent past year with those digits (RFC 9110, section 5.6.7).
    private static func rfc850(_ reader: inout Reader) -> Int64? {
        guard reader.take(" "), let day = reader.digits(exactly: 2), reader.take("-"),
            let month = reader.month(), reader.take("-"), let shortYear = reader.digits(exactly: 2), reader.take(" "),
            let time = reader.time(), reader.take(" GMT"), reader.atEnd(afterSpaces: true)
        else { return nil }
        let currentYear = civil(fromDays: currentSeconds() / 86_400).year
        var year = currentYear - currentYear % 100 + shortYear
        if year > currentYear + 50 { year -= 100 }
        return seconds(year: year, month: month, day: day, time: time)
    }

    /// ` Nov  6 08:49:37 1994`
    private static func asctime(_ reader: inout Reader) -> Int64? {
        guard reader.take(" "), let month = reader.month(), reader.take(" ") else { return nil }
        let day: Int?
        if reader.take(" ") {
            day = reader.digits(exactly: 1)
        } else {
            day = reader.digits(exactly: 2)
        }
        guard let day, reader.take(" "), let time = reader.time(), reader.take(" "),
            let year = reader.digits(exactly: 4), reader.atEnd(afterSpaces: true)
        else { return nil }
        return seconds(year: year, month: month, day: day, time: time)
    }

    private static func seconds(year: Int, month: Int, day: Int, time: Int) -> Int64? {
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        return days(year: year, month: month, day: day) * 86_400 + Int64(time)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of ``days(year:month:day:)``.
    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    /// The wall clock in whole seconds.
    static func currentSeconds() -> Int64 {
        Int64(time(nil))
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    /// A cursor over the ASCII bytes of a date.
    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipSpaces() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        }

        mutating func atEnd(afterSpaces: Bool) -> Bool {
            if afterSpaces { skipSpaces() }
            return index == bytes.count
        }

        mutating func take(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            let matches = literal.withUTF8Buffer { expected in
                expected.indices.allSatisfy { bytes[index + $0] == expected[$0] }
            }
            if matches { index += count }
            return matches
        }

        mutating func letters() -> String? {
            let start = index
            while index < bytes.count, (65...90).contains(bytes[index]) || (97...122).contains(bytes[index]) { index += 1 }
            return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
        }

        mutating func digits(exactly count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + count] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += count
            return value
        }

        /// A three-letter month name, as 1...12 (case-sensitive, as the grammar says).
        mutating func month() -> Int? {
            guard index + 3 <= bytes.count else { return nil }
            let name = String(decoding: bytes[index..<index + 3], as: UTF8.self)
            guard let position = HTTPDate.monthNames.firstIndex(of: name) else { return nil }
            index += 3
            return position + 1
        }

        /// `HH:MM:SS` as seconds of the day. 60 is accepted for a leap second.
        mutating func time() -> Int? {
            guard let hour = digits(exactly: 2), take(":"), let minute = digits(exactly: 2), take(":"),
                let second = digits(exactly: 2), hour < 24, minute < 60, second <= 60
            else { return nil }
            return hour * 3600 + minute * 60 + second
        }
    }
}
