/// Every strategy the engine knows, by name. Register a new strategy with one line here.
public enum StrategyRegistry {
    /// All registered strategy types, in the order `ridematch strategies` lists them.
    public static let all: [any MatchingStrategy.Type] = [
        NearestStrategy.self,
        FastestEtaStrategy.self,
        BatchStrategy.self,
        WeightedStrategy.self,
        PoolInsertionStrategy.self,
        PoolBatchStrategy.self,
    ]

    /// Names of all registered strategies.
    public static var names: [String] { all.map { $0.name } }

    /// The strategy type registered under `name`, if any.
    public static func type(named name: String) -> (any MatchingStrategy.Type)? {
        all.first { $0.name == name }
    }

    /// The summary columns of every registered strategy, in registry order (each once).
    public static var summaryColumnNames: [String] {
        var seen = Set<String>()
        return all.flatMap { $0.summaryColumnNames }.filter { seen.insert($0).inserted }
    }

    /// A strategy value built from its name and settings, if the name is registered.
    public static func make(_ name: String, settings: StrategySettings) -> (any MatchingStrategy)? {
        type(named: name).map { $0.init(settings: settings) }
    }
}
