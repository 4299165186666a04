import ArgumentParser
import Core
import Foundation
import RoadNetwork
import Traffic

/// `ridematch network route --db NET.sqlite --from LAT,LON --to LAT,LON [--metric time|distance] [--hour-of-week H]`.
struct NetworkRoute: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Print the shortest route between two points as JSON: {\"seconds\", \"meters\", \"nodes\"}.",
        discussion: """
            Both points snap to their nearest routable node (a point farther than 1000 m from every node is an \
            error); the route joins those nodes (A* with landmarks), minimising driving time at the hour's \
            historical speeds (--metric time) or road distance (--metric distance). seconds is the route's \
            driving time at that hour, meters its length, nodes its node ids (as in the network's source) in \
            driving order. --pairs FILE.csv (columns from,to: node ids) routes every pair instead and prints \
            CSV from,to,seconds,meters. --speeds edges times edges by their own travel times, as \
            traffic.network_speeds: edges does. See docs/networks.md.
            """
    )

    @Option(name: .customLong("db"), help: ArgumentHelp("The SQLite road-network database.", valueName: "NET.sqlite"))
    var database: String

    @Option(help: ArgumentHelp("Start point.", valueName: "LAT,LON"))
    var from: String?

    @Option(help: ArgumentHelp("End point.", valueName: "LAT,LON"))
    var to: String?

    @Option(help: ArgumentHelp("Route every pair of node ids in a CSV file (columns from,to) and print CSV.", valueName: "FILE.csv"))
    var pairs: String?

    @Option(help: ArgumentHelp("Edge speeds: classes (class speeds by hour) or edges (the edges' own times).", valueName: "SPEEDS"))
    var speeds: String = "classes"

    @Option(help: ArgumentHelp("What the route minimises: time or distance.", valueName: "METRIC"))
    var metric = RouteMetric.time

    @Option(name: .customLong("hour-of-week"),
            help: ArgumentHelp("Hour of week of the speeds (0 = Monday 00:00–01:00 UTC … 167).", valueName: "H"))
    var hourOfWeek: Int = 0

    func run() throws {
        guard (0..<168).contains(hourOfWeek) else { throw InputProblem("--hour-of-week: must be 0 … 167, got \(hourOfWeek)") }
        guard ["classes", "edges"].contains(speeds) else { throw InputProblem("--speeds: must be classes or edges, got '\(speeds)'") }
        if pairs == nil, from == nil || to == nil { throw InputProblem("give --from and --to, or --pairs FILE.csv") }
        if pairs != nil, from != nil || to != nil { throw InputProblem("--pairs routes a file of pairs: leave out --from and --to") }
        let start = try from.map { try Self.point($0, option: "--from") }, end = try to.map { try Self.point($0, option: "--to") }
        let graph = try NetworkDatabase.load(URL(fileURLWithPath: database), displayPath: database)
        if speeds == "edges", graph.sourceSeconds.isEmpty {
            throw InputProblem("--speeds: \(database) has no edge travel times (import an OSMnx graph with travel_time or speed_kph)")
        }
        let b = graph.bounds
        let center = GeoPoint(lat: (b.minLat + b.maxLat) / 2, lon: (b.minLon + b.maxLon) / 2)
        let model = NetworkTravelModel(graph: graph, projection: LocalProjection(center: center), edgeTimes: speeds == "edges")
        if let pairs { return try RoutePairs.run(pairs, model: model, metric: metric, hourOfWeek: hourOfWeek) }
        let source = try model.snapNode(start!, what: "--from", network: database)
        let target = try model.snapNode(end!, what: "--to", network: database)
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

/// `network route --pairs FILE.csv`: routes between node ids read from a CSV file.
enum RoutePairs {
    /// Reads `path` (columns `from`, `to`: node ids as in the source), routes every pair and
    /// prints `from,to,seconds,meters`; nothing is printed when a row is bad.
    static func run(_ path: String, model: NetworkTravelModel, metric: RouteMetric, hourOfWeek: Int) throws {
        var rows = try CSVRows(CSVText.readFile(URL(fileURLWithPath: path), displayPath: path), file: path, expected: "from, to")
        let positions = try rows.positions(of: ["from", "to"])
        var index: [Int64: Int] = [:]
        for (i, id) in model.graph.osmIDs.enumerated() { index[id] = i }
        var pairs: [(Int64, Int64, Int, Int)] = []
        while let row = try rows.next() {
            var ends: [(Int64, Int)] = []
            for name in ["from", "to"] {
                let raw = row[positions[name]!]
                guard let id = Int64(raw), let node = index[id] else {
                    throw TrafficError(file: path, line: rows.line, field: name, message: "no node '\(raw)' in the network")
                }
                ends.append((id, node))
            }
            pairs.append((ends[0].0, ends[1].0, ends[0].1, ends[1].1))
        }
        var out = "from,to,seconds,meters\n"
        for (a, b, s, t) in pairs {
            let route = model.route(from: s, to: t, metric: metric, hourOfWeek: hourOfWeek)
            out += "\(a),\(b),\(NetworkRoute.number(route.seconds)),\(NetworkRoute.number(route.meters))\n"
        }
        print(out, terminator: "")
    }
}
