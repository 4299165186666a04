/// Fare rules: base + per km + per minute, at least a minimum, times the surge multiplier.
public struct FareRule: Sendable, Equatable {
    /// Flag-fall.
    public var base: Double
    /// Per kilometre.
    public var perKm: Double
    /// Per minute.
    public var perMinute: Double
    /// Minimum fare before surge.
    public var minimum: Double
    /// Share of the fare a rider who accepts a shared ride does not pay (`fare.shared_discount`, 0…<1).
    public var sharedDiscount: Double

    /// Creates the rule.
    public init(base: Double, perKm: Double, perMinute: Double, minimum: Double, sharedDiscount: Double = 0) {
        self.sharedDiscount = sharedDiscount
        self.base = base
        self.perKm = perKm
        self.perMinute = perMinute
        self.minimum = minimum
    }

    /// The fare of a trip of `meters` road distance lasting `seconds`, times `surge`.
    public func fare(meters: Double, seconds: Double, surge: Double = 1) -> Double {
        max(minimum, base + perKm * meters / 1000 + perMinute * seconds / 60) * surge
    }

    /// ``fare(meters:seconds:surge:)`` less ``sharedDiscount`` for a rider riding pooled (`shared`).
    public func fare(meters: Double, seconds: Double, surge: Double = 1, shared: Bool) -> Double {
        fare(meters: meters, seconds: seconds, surge: surge) * (shared ? 1 - sharedDiscount : 1)
    }
}
