/// Every repositioning policy, by name. Register a new policy with one line here.
public enum RepositioningRegistry {
    /// All registered policy types, in the order `ridematch strategies` lists them.
    public static let all: [any RepositioningPolicy.Type] = [
        StayPolicy.self,
        CruisePolicy.self,
        HotspotsPolicy.self,
        RebalancePolicy.self,
        SurgeChasePolicy.self,
    ]

    /// Names of all registered policies.
    public static var names: [String] { all.map { $0.name } }

    /// The policy type registered under `name`, if any.
    public static func type(named name: String) -> (any RepositioningPolicy.Type)? {
        all.first { $0.name == name }
    }

    /// A policy value built from its name and settings, if the name is registered.
    public static func make(_ name: String, settings: RepositioningSettings) -> (any RepositioningPolicy)? {
        type(named: name).map { $0.init(settings: settings) }
    }
}
