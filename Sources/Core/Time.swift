/// Simulation time in milliseconds since the scenario start.
///
/// Integer milliseconds keep event ordering, watermarks and equality exact and
/// deterministic; seconds are used only at the edges (scenario files, reports).
public typealias Millis = Int64

extension Millis {
    /// Milliseconds from a number of seconds, rounded to the nearest millisecond and
    /// saturated at ±``Millis/farFuture`` (about 73 million years), so that an extreme but
    /// finite value (a lognormal tail, a huge delay) cannot overflow. NaN maps to 0.
    @inlinable public static func fromSeconds(_ seconds: Double) -> Millis {
        let ms = (seconds * 1000).rounded()
        guard ms == ms else { return 0 }
        return Millis(Swift.min(Double(farFuture), Swift.max(-Double(farFuture), ms)))
    }

    /// A time later than any simulation reaches; sums of two such values do not overflow.
    public static let farFuture: Millis = 1 << 61

    /// This time in seconds.
    @inlinable public var seconds: Double { Double(self) / 1000 }
}

/// Hour of the week of a Unix time, 0 = Monday 00:00–01:00 UTC … 167 = Sunday 23:00 UTC.
///
/// This is the key of the traffic tables.
@inlinable public func hourOfWeek(unixSeconds: Double) -> Int {
    // 1970-01-01 was a Thursday: Monday 00:00 UTC is 3 days before it (mod one week).
    let week = 7 * 24 * 3600.0
    let sinceMonday = (unixSeconds + 3 * 24 * 3600).truncatingRemainder(dividingBy: week)
    let positive = sinceMonday < 0 ? sinceMonday + week : sinceMonday
    return min(167, Int(positive / 3600))
}
