import Foundation

/// Parsers and formatters for the scalar notations of scenario files: durations,
/// timestamps, compact numbers and "did you mean" suggestions.
enum ScenarioText {
    /// Seconds per duration unit, longest first; components must follow this order.
    private static let units: [(suffix: String, seconds: Double)] = [
        ("d", 86_400), ("h", 3_600), ("ms", 0.001), ("m", 60), ("s", 1),
    ]
    /// Rank of each unit in the required (decreasing) order of a combined duration.
    private static let unitRank: [String: Int] = ["d": 0, "h": 1, "m": 2, "s": 3, "ms": 4]

    /// Seconds written in `text`: a plain number of seconds (`90`, `2.5`) or one or more
    /// `<number><unit>` components with units `d`, `h`, `m`, `s`, `ms` in decreasing order
    /// (`500ms`, `90s`, `15m`, `2h`, `1h30m`, `1m30s`, `1.5h`). `nil` for anything else,
    /// including negative, non-finite and empty values.
    static func parseDuration(_ text: String) -> Double? {
        let s = text.trimmingCharacters(in: .whitespaces)
        if let seconds = plainNumber(s) {
            return seconds >= 0 ? seconds : nil
        }
        var rest = Substring(s)
        var total = 0.0
        var lastRank = -1
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !digits.isEmpty, digits.first != ".", digits.last != ".",
                  digits.filter({ $0 == "." }).count <= 1, let value = Double(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let letters = rest.prefix { $0.isASCII && $0.isLetter }
            guard let rank = unitRank[String(letters)], rank > lastRank,
                  let unit = units.first(where: { $0.suffix == String(letters) }) else { return nil }
            rest = rest.dropFirst(letters.count).drop { $0 == " " }
            lastRank = rank
            // Divide for milliseconds: 500 / 1000 is exactly the 0.5 a reader expects.
            total += unit.suffix == "ms" ? value / 1000 : value * unit.seconds
        }
        return lastRank >= 0 && total.isFinite ? total : nil
    }

    /// The message for a duration that ``parseDuration(_:)`` rejected.
    static func badDurationMessage(_ text: String) -> String {
        if text.trimmingCharacters(in: .whitespaces).hasPrefix("-") {
            return "bad duration '\(text)': must not be negative"
        }
        return "bad duration '\(text)' (use e.g. 90s, 15m, 2h or a number of seconds)"
    }

    /// A finite decimal number in plain notation (`12`, `-5`, `2.5`, `1e3`), else `nil`.
    static func plainNumber(_ text: String) -> Double? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
              text.contains(where: { $0.isNumber }), let value = Double(text), value.isFinite
        else { return nil }
        return value
    }

    /// An ISO-8601 timestamp with `Z` or a numeric UTC offset, e.g. `2026-03-02T08:00:00Z`
    /// or `2026-03-02T08:00:00.5-05:00`.
    enum Timestamp: Equatable {
        /// A valid timestamp: the instant and the written offset in seconds.
        case valid(Date, utcOffsetSeconds: Int)
        /// Date and time are valid but no `Z` or offset was written.
        case missingZone
        /// Not a timestamp.
        case invalid
    }

    private static let timestampPattern = try! NSRegularExpression(
        pattern: #"^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?[ \t]*(Z|z|[+-][0-9]{2}:?[0-9]{2})?$"#)

    /// Parses `text` as a timestamp (see ``Timestamp``).
    static func parseTimestamp(_ text: String) -> Timestamp {
        let s = text.trimmingCharacters(in: .whitespaces)
        let range = NSRange(s.startIndex..., in: s)
        guard let m = timestampPattern.firstMatch(in: s, range: range) else { return .invalid }
        func group(_ i: Int) -> String? {
            Range(m.range(at: i), in: s).map { String(s[$0]) }
        }
        let n = (1...6).map { Int(group($0)!)! }
        let (year, month, day, hour, minute, second) = (n[0], n[1], n[2], n[3], n[4], n[5])
        guard (1...12).contains(month), (1...daysInMonth(year, month)).contains(day),
              hour < 24, minute < 60, second < 60 else { return .invalid }
        guard let zone = group(8) else { return .missingZone }
        var offset = 0
        if zone != "Z" && zone != "z" {
            let digits = zone.dropFirst().filter { $0 != ":" }
            let hh = Int(digits.prefix(2))!, mm = Int(digits.suffix(2))!
            guard hh <= 18, mm < 60 else { return .invalid }
            offset = (hh * 3600 + mm * 60) * (zone.hasPrefix("-") ? -1 : 1)
        }
        let fraction = group(7).flatMap { Double("0" + $0) } ?? 0
        let local = Double(daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
        return .valid(Date(timeIntervalSince1970: local + fraction - Double(offset)), utcOffsetSeconds: offset)
    }

    /// Days from 1970-01-01 to the given proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `x` printed compactly: `-5` rather than `-5.0`, `0.25`, `.nan`, `.inf`.
    static func number(_ x: Double) -> String {
        if x.isNaN { return ".nan" }
        if x.isInfinite { return x < 0 ? "-.inf" : ".inf" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// The candidate closest to `word` by edit distance when it is close enough to be a
    /// likely typo (at most 3 edits and at most about half the word), or else one that
    /// extends or shortens it (`fastest` → `fastest-eta`).
    static func suggestion(for word: String, among candidates: [String]) -> String? {
        let lower = word.lowercased()
        // Fewest edits first; among equals, most letters in common in order (`lng` → `lon`).
        var best: (name: String, distance: Int, common: Int)?
        for candidate in candidates {
            let c = candidate.lowercased()
            let d = editDistance(lower, c), common = commonSubsequence(lower, c)
            if best == nil || d < best!.distance || (d == best!.distance && common > best!.common) {
                best = (candidate, d, common)
            }
        }
        if let best, best.distance <= min(3, max(1, (word.count + 1) / 2)) { return best.name }
        if lower.count >= 3, let prefixed = candidates.first(where: {
            $0.lowercased().hasPrefix(lower) || lower.hasPrefix($0.lowercased())
        }) {
            return prefixed
        }
        return nil
    }

    /// Length of the longest common subsequence of `a` and `b`.
    static func commonSubsequence(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var row = [Int](repeating: 0, count: b.count + 1)
        for x in a {
            var diagonal = 0
            for j in 1...b.count {
                let above = row[j]
                row[j] = x == b[j - 1] ? diagonal + 1 : Swift.max(row[j], row[j - 1])
                diagonal = above
            }
        }
        return row[b.count]
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
