import Matching
import Simulator

extension Summary {
    /// The strategies' own columns of the summary (docs/metrics.md), for every registered
    /// strategy in registry order (``StrategyRegistry/summaryColumnNames``): the run's
    /// strategy fills its own, every other column is an empty cell.
    static func strategyFields(_ run: RunResult) -> [(name: String, value: SummaryValue)] {
        StrategyRegistry.summaryColumnNames.map { name in
            switch run.strategyColumn(name) {
            case .count(let n)?: (name, .count(n))
            case .number(let x, let decimals)?: (name, .number(x, decimals: decimals))
            case nil: (name, .number(nil, decimals: 0))
            }
        }
    }
}
