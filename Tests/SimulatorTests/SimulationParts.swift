import Foundation
import Matching
import Scenario
import Simulator
import Traffic

/// Builds a ``RunAssembly`` in the simulator's own tests, from a scenario and a hand-made
/// traffic model, without the Pipeline's city loader: straight lines on `traffic`, the
/// demand source and fleet the scenario names, and the strategy from the registry.
enum SimulationParts {
    struct UnknownStrategy: Error { let name: String }

    /// The assembly of `scenario` on `traffic` (travel model: `traffic` itself).
    static func assembly(_ scenario: Scenario, traffic: TrafficModel) throws -> RunAssembly {
        let plane = traffic.projection
        let inputs = try RunInputs(scenario: scenario, plane: plane, display: { $0.lastPathComponent })
        let fare = FareRule(scenario: scenario)
        var engine = EngineConfig(scenario: scenario, drivers: inputs.fleet.plans.count, fare: fare)
        engine.useDemandPrior(from: inputs.demand, traffic: traffic)
        let name = scenario.matching.strategy
        guard let strategy = StrategyRegistry.make(name, settings: StrategySettings(scenario: scenario, fare: fare)) else {
            throw UnknownStrategy(name: name)
        }
        return RunAssembly(
            scenario: scenario, traffic: traffic, travel: traffic, demand: inputs.demand, fleet: inputs.fleet,
            demandZones: inputs.zones, engine: engine, fare: fare, strategy: strategy,
            repositioning: RepositioningSetup(scenario: scenario, plane: plane))
    }
}
