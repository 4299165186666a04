import ArgumentParser
import Core
import Foundation
import RoadNetwork

/// `ridematch network route --db NET.sqlite --from LAT,LON --to LAT,LON [--metric time|distance] [--hour-of-week H]`.
struct NetworkRoute: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Print the shortest route between two points as JSON: {\"seconds\", \"meters\", \"nodes\"}.",
        discussion: """
            Both points snap to their nearest routable node; the route joins those nodes (A* with landmarks), \
            minimising driving time at the hour's historical speeds (--metric time) or road distance \
            (--metric distance). seconds is the route's driving time at that hour, meters its length, nodes \
            its OSM node ids in driving order. See docs/networks.md.
            """
    )

    @Option(name: .customLong("db"), help: ArgumentHelp("The SQLite road-network database.", valueName: "NET.sqlite"))
    var database: String

    @Option(help: ArgumentHelp("Start point.", valueName: "LAT,LON"))
    var from: String

    @Option(help: ArgumentHelp("End point.", valueName: "LAT,LON"))
    var to: String

    @Option(help: ArgumentHelp("What the route minimises: time or distance.", valueName: "METRIC"))
    var metric = RouteMetric.time

    @Option(name: .customLong("hour-of-week"),
            help: ArgumentHelp("Hour of week of the speeds (0 = Monday 00:00–01:00 UTC … 167).", valueName: "H"))
    var hourOfWeek: Int = 0

    func run() throws {
        let start = try Self.point(from, option: "--from"), end = try Self.point(to, option: "--to")
        guard (0..<168).contains(hourOfWeek) else { throw InputProblem("--hour-of-week: must be 0 … 167, got \(hourOfWeek)") }
        let graph = try NetworkDatabase.load(URL(fileURLWithPath: database), displayPath: database)
        let b = graph.bounds
        let center = GeoPoint(lat: (b.minLat + b.maxLat) / 2, lon: (b.minLon + b.maxLon) / 2)
        let model = NetworkTravelModel(graph: graph, projection: LocalProjection(center: center))
        let source = model.grid.nearest(to: model.projection.project(start)).node
        let target = model.grid.nearest(to: model.projection.project(end)).node
        let route = model.route(from: source, to: target, metric: metric, hourOfWeek: hourOfWeek)
        let nodes = route.nodes.map { String(graph.osmIDs[Int($0)]) }.joined(separator: ", ")
        print("{\"seconds\": \(Self.number(route.seconds)), \"meters\": \(Self.number(route.meters)), \"nodes\": [\(nodes)]}")
    }

    /// `LAT,LON` as a valid point, or an error naming the option.
    static func point(_ text: String, option: String) throws -> GeoPoint {
        let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let lat = parts[0], let lon = parts[1], GeoPoint(lat: lat, lon: lon).isValid else {
            throw InputProblem("\(option): expected LAT,LON in degrees, got '\(text)'")
        }
        return GeoPoint(lat: lat, lon: lon)
    }

    /// A number with at most three decimals (routes are exact to the millisecond and millimetre).
    static func number(_ x: Double) -> String {
        String(format: "%.3f", x)
    }
}
