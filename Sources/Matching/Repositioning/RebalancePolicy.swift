import Core

/// `rebalance`: the platform decides. Every `interval` the engine forecasts each zone's
/// demand for the next interval from what it has seen and sends idle drivers to cover the
/// shortfall at least total distance (an exact min-cost flow; see ``Rebalancer``).
public struct RebalancePolicy: RepositioningPolicy {
    public static let name = "rebalance"
    public static let summary = "the platform moves idle drivers to forecast shortfalls by min-cost flow (platform's choice)"
    public static let decider = RepositioningDecider.platform

    public init(settings: RepositioningSettings) {}

    /// Always nil: drivers wait for the platform's decisions.
    public func destination<G: RandomNumberGenerator>(
        from position: PlanePoint, context: RepositioningContext, rng: inout G) -> PlanePoint? { nil }
}
