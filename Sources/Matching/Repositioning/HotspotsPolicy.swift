import Core

/// `hotspots`: an idle driver returns to the nearest demand hotspot (the scenario's
/// `demand.hotspots`, else the busiest zones the platform has seen) within `max_km`, and
/// waits there.
public struct HotspotsPolicy: RepositioningPolicy {
    public static let name = "hotspots"
    public static let summary = "drivers return to the nearest demand hotspot or busiest zone (driver's choice)"
    public static let decider = RepositioningDecider.driver
    let settings: RepositioningSettings

    public init(settings: RepositioningSettings) { self.settings = settings }

    /// The nearest hotspot centre within `max_km`, or nil when the driver is already within
    /// the hotspot radius of one (or none is in reach).
    public func destination<G: RandomNumberGenerator>(
        from position: PlanePoint, context: RepositioningContext, rng: inout G) -> PlanePoint? {
        var best: PlanePoint?
        var bestDistance = Double.infinity
        for spot in context.hotspots {
            let d = position.distance(to: spot)
            if d < bestDistance { (best, bestDistance) = (spot, d) }
        }
        guard let best, bestDistance > context.hotspotRadius, bestDistance <= settings.maxMeters else { return nil }
        return best
    }
}
