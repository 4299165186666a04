import Core
import Matching
import Scenario
import Traffic
import Zones

/// Every built part of one run, made once from a validated scenario (`RunAssembler`, module
/// Pipeline) or from hand-made parts (tests), and handed to ``Simulation/init(_:tap:)``.
/// `run`, `compare`, `sweep`, `engine --from-streams` and `engine --kafka` all start from it,
/// so a part is built in one place: the fare rule the engine quotes with is the one the
/// strategy weighs and the simulator charges, and the travel model the engine predicts
/// with is the one the drivers drive.
public struct RunAssembly {
    /// The validated scenario (seed, horizon, the settings read while the run plays out).
    public var scenario: Scenario
    /// The traffic tables: zones for surge and reports, the straight-line model's speeds.
    public var traffic: TrafficModel
    /// The travel model the engine predicts with and the drivers drive (each owner queries
    /// its own ``TravelModel/privateCopy()``).
    public var travel: any TravelModel
    /// Where the riders come from (fresh: no request drawn yet).
    public var demand: any DemandSource
    /// The drivers: plans, ping phases and the drivers file's report.
    public var fleet: Fleet
    /// Demand zones (`demand.zones`), or nil.
    public var demandZones: ZoneSet?
    /// The engine's settings (``EngineConfig/init(scenario:drivers:fare:)``, with the demand
    /// source's forecast for a platform policy).
    public var engine: EngineConfig
    /// The fare rule (``FareRule/init(scenario:)``): quotes, strategies and drop-off fares.
    public var fare: FareRule
    /// The matching strategy, built from the registry with ``StrategySettings/init(scenario:fare:)``.
    public var strategy: any MatchingStrategy
    /// What idle drivers do (`supply.repositioning`): the simulator's side of the policy.
    public var repositioning: RepositioningSetup
    /// What the report draws beyond the run's outcomes.
    public var extras: ReportExtras

    /// An assembly from parts; `engine.fare` should be `fare` and `engine.drivers` the
    /// fleet's size (``RunAssembler`` makes sure of both).
    public init(
        scenario: Scenario, traffic: TrafficModel, travel: any TravelModel, demand: any DemandSource, fleet: Fleet,
        demandZones: ZoneSet?, engine: EngineConfig, fare: FareRule, strategy: any MatchingStrategy,
        repositioning: RepositioningSetup, extras: ReportExtras = ReportExtras()
    ) {
        self.scenario = scenario
        self.traffic = traffic
        self.travel = travel
        self.demand = demand
        self.fleet = fleet
        self.demandZones = demandZones
        self.engine = engine
        self.fare = fare
        self.strategy = strategy
        self.repositioning = repositioning
        self.extras = extras
    }

    /// A fresh join engine for this run (no record processed), on `engine` settings
    /// (default: ``engine``): the simulator's, or a stream replay's.
    public func makeEngine(_ config: EngineConfig? = nil) -> JoinEngine {
        JoinEngine(config: config ?? engine, strategy: strategy, traffic: traffic, travel: travel)
    }
}

/// The simulator's side of `supply.repositioning`, built once per run (the engine's side is
/// ``EngineConfig/repositioning``).
public struct RepositioningSetup: Sendable {
    /// The policy's name as the scenario gives it (the report's `repositioning_policy`).
    public var name: String
    /// The policy (nil for `stay`: nothing moves).
    public var policy: (any RepositioningPolicy)?
    /// Time between two reconsiderations of idle drivers, ms (at least 1).
    public var interval: Millis
    /// Published places of demand on the run's plane: the scenario's hotspots (empty: the
    /// busiest zones the engine sees are published instead).
    public var hotspots: [PlanePoint]

    /// A setup from parts.
    public init(name: String, policy: (any RepositioningPolicy)?, interval: Millis, hotspots: [PlanePoint]) {
        self.name = name
        self.policy = policy
        self.interval = interval
        self.hotspots = hotspots
    }

    /// The setup `supply.repositioning` and `demand.hotspots` imply, on the run's `plane`.
    public init(scenario: Scenario, plane: LocalProjection) {
        let r = scenario.supply.repositioning
        name = r.policy
        policy = r.isActive ? RepositioningRegistry.make(r.policy, settings: EngineConfig.repositioningSettings(r)) : nil
        interval = max(1, .fromSeconds(r.interval))
        hotspots = scenario.demand.hotspots.map { plane.project($0.center) }
    }
}

/// What a run's report draws beyond its outcomes, from the travel model.
public struct ReportExtras: Sendable {
    /// Street centre lines under the maps and the replay (``TravelModel/roadPolylines()``);
    /// empty without roads.
    public var roads: [[GeoPoint]]
    /// Whether the drivers drive road routes (``TravelModel/drivesRoutes``): the report then
    /// has trip_routes.csv.
    public var routed: Bool

    /// Extras from parts (default: none).
    public init(roads: [[GeoPoint]] = [], routed: Bool = false) {
        self.roads = roads
        self.routed = routed
    }

    /// The extras `travel` describes.
    public init(travel: any TravelModel) {
        self.init(roads: travel.roadPolylines(), routed: travel.drivesRoutes)
    }
}
