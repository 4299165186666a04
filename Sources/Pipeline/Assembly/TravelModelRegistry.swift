import Core
import Scenario
import Traffic

/// A kind of travel model a scenario can choose: knows from the scenario whether it is
/// chosen, and loads its model for the scenario's city. Register a new kind with one line
/// in ``TravelModelRegistry/all``.
public protocol TravelModelKind: SendableMetatype {
    /// The kind's name (`straight-line`, `network`).
    static var name: String { get }
    /// Whether the scenario's `city` section asks for this kind.
    static func isChosen(by scenario: Scenario) -> Bool
    /// The model for the scenario's city, on the plane of `traffic` (the scenario's loaded
    /// traffic model). Throws an ``InputError`` naming the file and field for a bad input.
    static func load(for scenario: Scenario, traffic: TrafficModel) throws -> any TravelModel
}

/// Every travel-model kind, the only list of them: a scenario's travel model is chosen here.
public enum TravelModelRegistry {
    /// The kinds, asked in order; the first the scenario chooses is used. Straight lines,
    /// last, are chosen by every scenario: the default.
    public static let all: [any TravelModelKind.Type] = [
        NetworkTravel.self,
        StraightLineTravel.self,
    ]

    /// Names of all kinds.
    public static var names: [String] { all.map { $0.name } }

    /// The kind the scenario asks for.
    public static func kind(for scenario: Scenario) -> any TravelModelKind.Type {
        all.first { $0.isChosen(by: scenario) } ?? StraightLineTravel.self
    }

    /// The scenario's travel model on its loaded traffic model.
    public static func load(for scenario: Scenario, traffic: TrafficModel) throws -> any TravelModel {
        try kind(for: scenario).load(for: scenario, traffic: traffic)
    }
}

/// Straight lines × `city.detour_factor` at the traffic table's zone speeds: the traffic
/// model itself (``TrafficModel``).
public enum StraightLineTravel: TravelModelKind {
    /// `straight-line`.
    public static let name = "straight-line"
    /// The default: every city without a road network.
    public static func isChosen(by scenario: Scenario) -> Bool { true }
    /// The traffic model.
    public static func load(for scenario: Scenario, traffic: TrafficModel) -> any TravelModel { traffic }
}
