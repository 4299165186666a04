import Core

/// `stay`: an idle driver waits where it dropped its last rider (the default).
public struct StayPolicy: RepositioningPolicy {
    public static let name = "stay"
    public static let summary = "idle drivers wait where they are (default)"
    public static let decider = RepositioningDecider.driver

    public init(settings: RepositioningSettings) {}

    /// Always nil: stay.
    public func destination<G: RandomNumberGenerator>(
        from position: PlanePoint, context: RepositioningContext, rng: inout G) -> PlanePoint? { nil }
}
