import Core
import Foundation
import Scenario
import Zones

/// A kind of demand source a scenario can ask for: the source type itself, which knows from
/// the scenario whether it is chosen, how many requests to expect before a run, and how to
/// open itself for one. Register a new kind with one line in ``DemandRegistry/all``.
public protocol DemandKind: DemandSource, SendableMetatype {
    /// The kind's name (`sampled`, `trips`, `od`).
    static var kind: String { get }
    /// Whether the scenario's `demand` section asks for this kind (validation made sure at
    /// most one of the file kinds does).
    static func isChosen(by scenario: Scenario) -> Bool
    /// The setting that sets the kind's volume, as the run estimate names it
    /// (e.g. `demand.requests_per_hour`).
    static var volumeSetting: String { get }
    /// Expected requests over the scenario's horizon, before any run (the run estimate's
    /// memory and event terms); nil when it cannot tell.
    static func expectedRequests(for scenario: Scenario) -> Double?
    /// Opens the source for one run of `scenario` on the run's `plane`, with the demand zones
    /// of `demand.zones` (nil without them); `display` turns a path into the form shown to
    /// the user. Throws an ``InputError`` naming the file for a bad input.
    static func open(_ scenario: Scenario, plane: LocalProjection, zones: ZoneSet?, display: (URL) -> String) throws -> Self
}

/// Every demand kind, the only list of them: a scenario's demand source is chosen here.
public enum DemandRegistry {
    /// The kinds, asked in order; the first the scenario chooses is used. Sampled demand,
    /// last, is chosen by every scenario: the default.
    public static let all: [any DemandKind.Type] = [
        TripTable.self,
        ZoneDemandModel.self,
        DemandModel.self,
    ]

    /// Names of all kinds.
    public static var names: [String] { all.map { $0.kind } }

    /// The kind the scenario asks for.
    public static func kind(for scenario: Scenario) -> any DemandKind.Type {
        all.first { $0.isChosen(by: scenario) } ?? DemandModel.self
    }

    /// The scenario's demand source, opened for one run (see ``DemandKind/open(_:plane:zones:display:)``).
    public static func open(
        _ scenario: Scenario, plane: LocalProjection, zones: ZoneSet?, display: (URL) -> String
    ) throws -> any DemandSource {
        try kind(for: scenario).open(scenario, plane: plane, zones: zones, display: display)
    }
}
