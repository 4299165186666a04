/// Every repositioning policy, by name: the only list of policy names. Register a new policy
/// with one line in ``builtIn`` (or ``register(_:)`` from outside the module).
public enum RepositioningRegistry {
    /// The built-in policy types, in the order `ridematch strategies` lists them.
    public static let builtIn = Registry<any RepositioningPolicy.Type>([
        (StayPolicy.name, StayPolicy.self),
        (CruisePolicy.name, CruisePolicy.self),
        (HotspotsPolicy.name, HotspotsPolicy.self),
        (RebalancePolicy.name, RebalancePolicy.self),
        (SurgeChasePolicy.name, SurgeChasePolicy.self),
    ])

    /// The registry in force: ``builtIn`` (with whatever was registered into it), or the one
    /// a task runs under (``withRegistered(_:_:)``).
    @TaskLocal public static var registry = builtIn

    /// Runs `body` with `types` registered for this task (and its child tasks) alone: other
    /// tasks keep seeing the registry as it was. How a test adds its own types.
    public static func withRegistered<T>(_ types: [any RepositioningPolicy.Type], _ body: () throws -> T) rethrows -> T {
        let scoped = registry.copy()
        for type in types { scoped.register(type, name: type.name) }
        return try $registry.withValue(scoped, operation: body)
    }

    /// All registered policy types, in registration order.
    public static var all: [any RepositioningPolicy.Type] { registry.all }

    /// Names of all registered policies.
    public static var names: [String] { registry.names }

    /// Registers `type` for every task under its ``RepositioningPolicy/name`` (replacing a policy of that name).
    public static func register(_ type: any RepositioningPolicy.Type) { builtIn.register(type, name: type.name) }

    /// The policy type registered under `name`, if any.
    public static func type(named name: String) -> (any RepositioningPolicy.Type)? { registry.entry(named: name) }

    /// A policy value built from its name and settings, if the name is registered.
    public static func make(_ name: String, settings: RepositioningSettings) -> (any RepositioningPolicy)? {
        type(named: name).map { $0.init(settings: settings) }
    }
}
