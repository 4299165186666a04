/// Every strategy the engine knows, by name: the only list of strategy names. Register a new
/// strategy with one line in ``registry`` (or ``register(_:)`` from outside the module).
public enum StrategyRegistry {
    /// The built-in strategy types, in the order `ridematch strategies` lists them.
    public static let builtIn = Registry<any MatchingStrategy.Type>([
        (NearestStrategy.name, NearestStrategy.self),
        (FastestEtaStrategy.name, FastestEtaStrategy.self),
        (BatchStrategy.name, BatchStrategy.self),
        (WeightedStrategy.name, WeightedStrategy.self),
        (PoolInsertionStrategy.name, PoolInsertionStrategy.self),
        (PoolBatchStrategy.name, PoolBatchStrategy.self),
        (ExternalStrategy.name, ExternalStrategy.self),
    ])

    /// The registry in force: ``builtIn`` (with whatever was registered into it), or the one
    /// a task runs under (``withRegistered(_:_:)``).
    @TaskLocal public static var registry = builtIn

    /// Runs `body` with `types` registered for this task (and its child tasks) alone: other
    /// tasks keep seeing the registry as it was. How a test adds its own types.
    public static func withRegistered<T>(_ types: [any MatchingStrategy.Type], _ body: () throws -> T) rethrows -> T {
        let scoped = registry.copy()
        for type in types { scoped.register(type, name: type.name) }
        return try $registry.withValue(scoped, operation: body)
    }

    /// All registered strategy types, in registration order.
    public static var all: [any MatchingStrategy.Type] { registry.all }

    /// Names of all registered strategies.
    public static var names: [String] { registry.names }

    /// Names of the registered strategies that decide inside the engine (every one but those
    /// that need an outside policy process, ``MatchingStrategy/decidesOutOfProcess``): the
    /// strategies a run can use on scenario settings alone.
    public static var inProcessNames: [String] {
        var names: [String] = []
        for type in all where !type.decidesOutOfProcess { names.append(type.name) }
        return names
    }

    /// Registers `type` for every task under its ``MatchingStrategy/name`` (replacing a strategy of that name).
    public static func register(_ type: any MatchingStrategy.Type) { builtIn.register(type, name: type.name) }

    /// The strategy type registered under `name`, if any.
    public static func type(named name: String) -> (any MatchingStrategy.Type)? { registry.entry(named: name) }

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
