import Core
import Foundation

/// `cruise`: an idle driver drives on at low speed in a random direction, leg after leg,
/// the way street-hail taxis do; at the edge of the city it turns back towards the centre.
public struct CruisePolicy: RepositioningPolicy {
    public static let name = "cruise"
    public static let summary = "drivers cruise at low speed in random directions (driver's choice)"
    public static let decider = RepositioningDecider.driver
    let settings: RepositioningSettings

    public init(settings: RepositioningSettings) { self.settings = settings }

    /// `cruise_speed` × the historical speed.
    public var speedFactor: Double { settings.cruiseSpeed }

    /// A point `cruise_km` away in a uniform random direction; towards the centre when that
    /// point would leave the city disc.
    public func destination<G: RandomNumberGenerator>(
        from position: PlanePoint, context: RepositioningContext, rng: inout G) -> PlanePoint? {
        let theta = Double.random(in: 0..<(2 * Double.pi), using: &rng)
        let step = settings.cruiseMeters
        let ahead = PlanePoint(x: position.x + step * cos(theta), y: position.y + step * sin(theta))
        if ahead.x * ahead.x + ahead.y * ahead.y <= context.cityRadius * context.cityRadius { return ahead }
        let r = (position.x * position.x + position.y * position.y).squareRoot()
        guard r > 0 else { return ahead }
        let f = min(step, r) / r
        return PlanePoint(x: position.x * (1 - f), y: position.y * (1 - f))
    }
}
