import ArgumentParser
import Matching

/// `ridematch strategies`: every registered strategy with a one-line description.
struct StrategiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strategies", abstract: "List the matching strategies.")

    func run() throws {
        let width = StrategyRegistry.all.map { $0.name.count }.max() ?? 0
        for strategy in StrategyRegistry.all {
            print(strategy.name + String(repeating: " ", count: width - strategy.name.count) + "  " + strategy.summary)
        }
    }
}
