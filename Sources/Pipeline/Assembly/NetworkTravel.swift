import Core
import RoadNetwork
import Scenario
import Traffic

/// A road network (`city.network`): an OpenStreetMap road graph with historical speeds by
/// road class and hour (``NetworkTravelModel``, docs/networks.md).
public enum NetworkTravel: TravelModelKind {
    /// `network`.
    public static let name = "network"

    /// Chosen by `city.network`.
    public static func isChosen(by scenario: Scenario) -> Bool { scenario.city.network != nil }

    /// Loads the network database whole, checks that the city centre lies inside the
    /// network's bounds, and precomputes the routing tables; with `traffic.network_speeds:
    /// zones` the traffic table's zones scale the class speeds; with `edges` the network's own
    /// edge times replace them.
    /// - Throws: ``TrafficError`` for a missing or malformed network database; an
    ///   ``InputProblem`` naming the scenario line of `city.network` when the city lies outside it.
    public static func load(for scenario: Scenario, traffic: TrafficModel) throws -> any TravelModel {
        guard let url = scenario.city.network else {
            throw InputProblem("\(ScenarioRun.displayPath(scenario.file)): city.network: no road network given")
        }
        let graph = try NetworkDatabase.load(url, displayPath: ScenarioRun.displayPath(url))
        let center = scenario.city.center
        guard graph.contains(center) else {
            let b = graph.bounds
            let line = scenario.city.networkLine.map { ":\($0)" } ?? ""
            throw InputProblem("\(ScenarioRun.displayPath(scenario.file))\(line): city.network: city centre (\(center.lat), \(center.lon)) "
                               + "lies outside the network's bounds (lat \(b.minLat)…\(b.maxLat), lon \(b.minLon)…\(b.maxLon))")
        }
        if scenario.traffic.networkSpeeds == .edges, graph.sourceSeconds.isEmpty {
            throw InputProblem("\(ScenarioRun.displayPath(scenario.file)): traffic.network_speeds: 'edges' needs edge travel times, "
                               + "but \(ScenarioRun.displayPath(url)) has none (import an OSMnx graph with travel_time or speed_kph)")
        }
        let projection = LocalProjection(center: center)
        let factors = scenario.traffic.networkSpeeds == .zones
            ? ZoneSpeedFactors(graph: graph, traffic: traffic, projection: projection) : nil
        let model = NetworkTravelModel(graph: graph, projection: projection, zoneFactors: factors,
                                       edgeTimes: scenario.traffic.networkSpeeds == .edges)
        let line = scenario.city.networkLine.map { ":\($0)" } ?? ""
        _ = try model.snapNode(center, what: "\(ScenarioRun.displayPath(scenario.file))\(line): city.center",
                               network: ScenarioRun.displayPath(url))
        return model
    }
}
