import Core

/// One repositioning leg as driven: an available driver driving empty to another place,
/// until it arrived, was matched on the way, was sent elsewhere, went off shift, or the
/// horizon came.
public struct RepositionLeg: Sendable, Equatable {
    /// Driver id.
    public var driver: Int32
    /// When the leg started, ms.
    public var start: Millis
    /// When it ended (arrival or cut short), ms.
    public var end: Millis
    /// Road metres driven on it (the driven share of the leg's distance when cut short).
    public var meters: Double
    /// Whether a re-optimising `pool-batch` window sent the driver towards a request it
    /// left unassigned (the rebalancing step, docs/pooling.md).
    public var towardsUnassigned = false

    /// Creates a leg.
    public init(driver: Int32, start: Millis, end: Millis, meters: Double) {
        self.driver = driver
        self.start = start
        self.end = end
        self.meters = meters
    }
}

/// How a run's repositioning went (zero for `stay`).
public struct RepositioningStats: Sendable, Equatable {
    /// The policy's name.
    public var policy = "stay"
    /// Platform decisions played out (the driver was available).
    public var decisionsApplied = 0
    /// Platform decisions whose driver was busy or offline by the time they arrived.
    public var decisionsIgnored = 0
    /// Every leg driven, in the order they ended.
    public var legs: [RepositionLeg] = []

    /// Creates empty statistics.
    public init() {}
}
