import Core
import Foundation
import Matching
import Scenario
import Simulator
import Traffic

/// Builds ``RunAssembly`` values from validated scenarios. It loads a city once — traffic
/// tables, the travel model of the scenario's kind (``TravelModelRegistry``), the report
/// extras it describes — and then assembles any number of runs on that city: scenarios
/// that differ from the one it was made for in strategy, policy, seed or demand, not in
/// `city` or `traffic` (compare arms, replications).
public struct RunAssembler: Sendable {
    /// The traffic model of the city.
    public let traffic: TrafficModel
    /// The travel model of the city (shared; each simulator and engine queries a private copy).
    public let travel: any TravelModel
    /// The name of the travel model's kind (``TravelModelKind/name``).
    public let travelKind: String
    /// Road polylines and whether trips follow routes, from the travel model.
    public let extras: ReportExtras

    /// Loads the city of `scenario`: its traffic database (unless `traffic` is given) and
    /// its travel model (unless `travel` is given). Throws an ``InputError`` or a
    /// ``TrafficError`` for a bad input file.
    public init(scenario: Scenario, traffic: TrafficModel? = nil, travel: (any TravelModel)? = nil) throws {
        let traffic = try traffic ?? ScenarioRun.loadTraffic(for: scenario)
        let kind = TravelModelRegistry.kind(for: scenario)
        let travel = try travel ?? kind.load(for: scenario, traffic: traffic)
        self.traffic = traffic
        self.travel = travel
        travelKind = kind.name
        extras = ReportExtras(travel: travel)
    }

    /// Every part of one run of `scenario` on this city: its inputs (demand zones, the
    /// demand source of its kind, the fleet; ``RunInputs``), the fare rule, the engine
    /// settings (with the demand source's forecast for a platform policy), the strategy and
    /// the repositioning setup. Throws the first bad input as an ``InputError``.
    public func assemble(_ scenario: Scenario) throws -> RunAssembly {
        let plane = traffic.projection
        let inputs = try RunInputs(scenario: scenario, plane: plane, display: ScenarioRun.displayPath)
        try checkStarts(inputs.fleet, scenario: scenario)
        let fare = FareRule(scenario: scenario)
        var engine = EngineConfig(scenario: scenario, drivers: inputs.fleet.plans.count, fare: fare)
        engine.useDemandPrior(from: inputs.demand, traffic: traffic)
        return RunAssembly(
            scenario: scenario, traffic: traffic, travel: travel, demand: inputs.demand, fleet: inputs.fleet,
            demandZones: inputs.zones, engine: engine, fare: fare, strategy: try Self.strategy(for: scenario, fare: fare),
            repositioning: RepositioningSetup(scenario: scenario, plane: plane), extras: extras)
    }

    /// A drivers file's start farther from the road network than its snap distance is an error
    /// naming the file and the driver (the first such driver in file order).
    func checkStarts(_ fleet: Fleet, scenario: Scenario) throws {
        guard let url = scenario.supply.driversFile else { return }
        for plan in fleet.plans {
            guard let meters = travel.offNetworkMeters(plan.start) else { continue }
            let point = traffic.projection.unproject(plan.start)
            throw InputProblem("\(ScenarioRun.displayPath(url)): driver \(plan.sourceID): start (\(point.lat), \(point.lon)) lies "
                               + "\(Int(meters.rounded())) m from the nearest node of the road network (at most 1000 m): not on it")
        }
    }

    /// Loads the city of `scenario` and assembles its run (``init(scenario:traffic:travel:)``,
    /// then ``assemble(_:)``).
    public static func assemble(_ scenario: Scenario) throws -> RunAssembly {
        try RunAssembler(scenario: scenario).assemble(scenario)
    }

    /// The strategy the scenario names, from ``StrategyRegistry`` with the settings of
    /// ``StrategySettings/init(scenario:fare:)``; `fare` defaults to ``FareRule/init(scenario:)``.
    /// Throws an ``InputProblem`` for an unknown name.
    public static func strategy(for scenario: Scenario, fare: FareRule? = nil) throws -> any MatchingStrategy {
        let name = scenario.matching.strategy
        let settings = StrategySettings(scenario: scenario, fare: fare ?? FareRule(scenario: scenario))
        guard let type = StrategyRegistry.type(named: name) else {
            throw InputProblem("\(ScenarioRun.displayPath(scenario.file)): matching.strategy: unknown strategy '\(name)'")
        }
        if let missing = type.missingSetting(in: settings) {
            throw InputProblem("\(ScenarioRun.displayPath(scenario.file)): \(missing)")
        }
        return type.init(settings: settings)
    }
}
