import ArgumentParser
import Matching

/// `ridematch strategies`: every registered strategy with a one-line description.
struct StrategiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strategies", abstract: "List the matching strategies and the repositioning policies.")

    func run() throws {
        let width = StrategyRegistry.all.map { $0.name.count }.max() ?? 0
        for strategy in StrategyRegistry.all {
            print(strategy.name + String(repeating: " ", count: width - strategy.name.count) + "  " + strategy.summary)
        }
        print("\nrepositioning policies (supply.repositioning.policy, compare --policies):")
        let policyWidth = RepositioningRegistry.all.map { $0.name.count }.max() ?? 0
        for policy in RepositioningRegistry.all {
            print(policy.name + String(repeating: " ", count: policyWidth - policy.name.count) + "  " + policy.summary)
        }
    }
}
