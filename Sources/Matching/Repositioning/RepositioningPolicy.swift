import Core
import Traffic

/// Who decides where an idle driver goes.
public enum RepositioningDecider: String, Sendable {
    /// Each driver's app, from what the driver sees (`cruise`, `hotspots`, `surge-chase`).
    case driver
    /// The platform: the engine sends drivers (`rebalance`), as decisions like matches.
    case platform
}

/// Settings shared by every repositioning policy (`supply.repositioning`).
public struct RepositioningSettings: Sendable, Equatable {
    /// Time between two decisions, ms: the engine's rebalancing period, and how often an
    /// idle driver reconsiders where to wait.
    public var interval: Millis
    /// Farthest a driver is sent or drifts, metres (straight line).
    public var maxMeters: Double
    /// Cruising speed as a fraction of the historical speed.
    public var cruiseSpeed: Double
    /// Length of one cruising leg, metres (straight line).
    public var cruiseMeters: Double

    /// Creates settings.
    public init(interval: Millis, maxMeters: Double, cruiseSpeed: Double, cruiseMeters: Double) {
        self.interval = interval
        self.maxMeters = maxMeters
        self.cruiseSpeed = cruiseSpeed
        self.cruiseMeters = cruiseMeters
    }
}

/// What a driver's app knows when the driver chooses where to wait: the city, the
/// published demand hotspots and the platform's published live surge.
public struct RepositioningContext {
    /// The traffic zones (centres and zone look-up).
    public var traffic: TrafficModel
    /// Radius of the city disc around the plane's origin, metres.
    public var cityRadius: Double
    /// Places where demand concentrates: the scenario's hotspots, else the busiest zones
    /// the platform has seen so far (may be empty).
    public var hotspots: [PlanePoint]
    /// Radius within which a driver counts as at a hotspot, metres.
    public var hotspotRadius: Double
    /// The platform's live surge multipliers.
    public var surge: SurgeMap

    /// Creates a context.
    public init(traffic: TrafficModel, cityRadius: Double, hotspots: [PlanePoint], hotspotRadius: Double, surge: SurgeMap) {
        self.traffic = traffic
        self.cityRadius = cityRadius
        self.hotspots = hotspots
        self.hotspotRadius = hotspotRadius
        self.surge = surge
    }
}

/// What an idle driver does: a value behind one protocol, chosen by name in
/// `supply.repositioning.policy`. A new policy is one type conforming to this protocol plus
/// one line in ``RepositioningRegistry``.
///
/// Two hooks, each with a default, so a policy implements the one its ``decider`` uses:
/// - a driver policy answers ``destination(from:context:rng:)`` whenever a driver is idle
///   (when it becomes idle, when a repositioning leg ends, and every interval);
/// - a platform policy answers ``reposition(_:)`` inside the engine every interval, from what
///   the engine sees (records only) and the demand forecast (``Rebalancer``); its decisions
///   reach the drivers like matches.
///
/// Either way a repositioning driver stays available and can be matched on the way.
public protocol RepositioningPolicy: Sendable {
    /// The name used in scenarios and on the command line.
    static var name: String { get }
    /// One line for `ridematch strategies`.
    static var summary: String { get }
    /// Who decides.
    static var decider: RepositioningDecider { get }
    /// Builds the policy.
    init(settings: RepositioningSettings)
    /// Speed of repositioning legs as a fraction of the historical speed.
    var speedFactor: Double { get }
    /// Where an idle driver at `position` drives to; nil: it waits where it is. `rng` is
    /// the driver's own generator for this decision (keyed by driver and time).
    func destination<G: RandomNumberGenerator>(
        from position: PlanePoint, context: RepositioningContext, rng: inout G) -> PlanePoint?
    /// The platform's decisions at one of its runs (every `interval`): which available
    /// drivers go where. A policy may keep state between runs.
    mutating func reposition(_ view: PlatformView) -> [RepositionDecision]
}

extension RepositioningPolicy {
    /// Normal speed.
    public var speedFactor: Double { 1 }

    /// No driver choice: drivers wait for the platform (a platform policy).
    public func destination<G: RandomNumberGenerator>(
        from position: PlanePoint, context: RepositioningContext, rng: inout G) -> PlanePoint? { nil }

    /// No platform decisions (a driver policy).
    public mutating func reposition(_ view: PlatformView) -> [RepositionDecision] { [] }
}

/// What a platform policy sees at one of its runs: the engine's driver table, candidate
/// rules and travel model (records only, never the simulator's truth) and the demand
/// forecast by traffic zone for the next interval.
public struct PlatformView {
    /// Processing time of the run, ms since the scenario start.
    public var now: Millis
    /// The hour of week at `now` (key of the traffic tables).
    public var hourOfWeek: Int
    /// Time to the next run, ms.
    public var interval: Millis
    /// Requests expected in the next interval, by traffic zone index.
    public var forecast: [Double]
    /// The engine's driver table, traffic zones and travel model.
    public var search: CandidateSearch
    /// The policy's settings (`supply.repositioning`).
    public var settings: RepositioningSettings
}

/// The engine's decision to send an available driver to a place (platform policies).
public struct RepositionDecision: Sendable, Equatable {
    /// Driver id.
    public var driver: Int32
    /// Where to go, on the city plane.
    public var target: PlanePoint
    /// Processing time of the decision, ms since scenario start.
    public var time: Millis
    /// Whether the decision sends the driver towards a request a re-optimising `pool-batch`
    /// window left unassigned (``IdleRebalancing``), rather than a policy's forecast.
    public var towardsUnassigned = false

    /// Creates a decision.
    public init(driver: Int32, target: PlanePoint, time: Millis) {
        self.driver = driver
        self.target = target
        self.time = time
    }
}
