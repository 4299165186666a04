import Core

/// `surge-chase`: an idle driver drifts towards the zone, within `max_km`, whose live surge
/// multiplier (as the platform publishes it) is highest and above the driver's own zone's.
public struct SurgeChasePolicy: RepositioningPolicy {
    public static let name = "surge-chase"
    public static let summary = "drivers drift towards zones with a high live surge multiplier (driver's choice)"
    public static let decider = RepositioningDecider.driver
    let settings: RepositioningSettings

    public init(settings: RepositioningSettings) { self.settings = settings }

    /// The centre of the highest-surge zone in reach (ties: the nearest, then the lowest
    /// zone index), if its multiplier beats the driver's own zone's; else nil.
    public func destination<G: RandomNumberGenerator>(
        from position: PlanePoint, context: RepositioningContext, rng: inout G) -> PlanePoint? {
        let surge = context.surge
        guard surge.isEnabled else { return nil }
        let traffic = context.traffic
        let here = surge.multipliers[traffic.zoneIndex(at: position)]
        var best = -1
        var bestSurge = here, bestDistance = Double.infinity
        for (z, m) in surge.multipliers.enumerated() where m >= bestSurge && m > 1 {
            let d = position.distance(to: traffic.zoneCenters[z])
            guard d <= settings.maxMeters else { continue }
            if m > bestSurge || d < bestDistance { (best, bestSurge, bestDistance) = (z, m, d) }
        }
        guard best >= 0, bestSurge > here else { return nil }
        return traffic.zoneCenters[best]
    }
}
