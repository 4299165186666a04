import Foundation

/// Times in replay files: a number of seconds from the scenario start (`3600`, `12.5`), or
/// an ISO-8601 date-time `YYYY-MM-DD[T| ]HH:MM[:SS[.fff]][Z|±HH[:MM]]`.
///
/// A date-time without an offset (as NYC TLC trip records write them, e.g.
/// `2016-03-01 08:00:13`) is local time in the UTC offset written in the scenario's
/// `start` (a fixed offset: daylight-saving changes inside a run are not applied).
/// Parsed by hand: no formatter, no allocation per row.
public enum ReplayTime {
    /// Seconds from the scenario start, or nil when `text` is neither form.
    /// `startUnix` is the scenario start as a Unix time; `localOffset` its UTC offset, seconds.
    public static func secondsFromStart(_ text: String, startUnix: Double, localOffset: Int) -> Double? {
        if let seconds = Double(text) { return seconds.isFinite ? seconds : nil }
        guard let unix = unixSeconds(text, defaultOffset: localOffset) else { return nil }
        return unix - startUnix
    }

    /// The Unix time of an ISO-8601 date-time; `defaultOffset` applies when none is written.
    public static func unixSeconds(_ text: String, defaultOffset: Int) -> Double? {
        var chars = Array(text.utf8)[...]
        func digits(_ n: Int) -> Int? {
            guard chars.count >= n else { return nil }
            var value = 0
            for c in chars.prefix(n) {
                guard c >= 48 && c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            chars = chars.dropFirst(n)
            return value
        }
        func take(_ c: UInt8) -> Bool {
            guard chars.first == c else { return false }
            chars = chars.dropFirst()
            return true
        }
        guard let year = digits(4), take(45), let month = digits(2), take(45), let day = digits(2),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        guard take(84) || take(32) || take(116), let hour = digits(2), take(58), let minute = digits(2),
              hour <= 23, minute <= 59 else { return nil }
        var second = 0.0
        if take(58) {
            guard let whole = digits(2), whole <= 59 else { return nil }
            second = Double(whole)
            if take(46) || take(44) {
                var scale = 0.1
                var any = false
                while let c = chars.first, c >= 48 && c <= 57 {
                    second += Double(c - 48) * scale
                    scale /= 10
                    any = true
                    chars = chars.dropFirst()
                }
                guard any else { return nil }
            }
        }
        var offset = defaultOffset
        if take(90) || take(122) {
            offset = 0
        } else if let sign = chars.first, sign == 43 || sign == 45 {
            chars = chars.dropFirst()
            guard let oh = digits(2), oh <= 18 else { return nil }
            _ = take(58)
            let om = chars.isEmpty ? 0 : digits(2)
            guard let om, om <= 59 else { return nil }
            offset = (sign == 45 ? -1 : 1) * (oh * 3600 + om * 60)
        }
        guard chars.isEmpty else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Double(days * 86_400 + hour * 3600 + minute * 60 - offset) + second
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
