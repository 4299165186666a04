import Core
import Foundation
import RoadNetwork
import Testing

/// `ridematch network route` on the shipped Monaco network, checked against plain Dijkstra,
/// and the shipped network scenario validated.
@Suite("Network route CLI on the shipped city")
struct NetworkCLITests {
    static let monaco = repoRoot.appendingPathComponent("data/monaco.sqlite")

    @Test("network route prints the exact shortest route between the snapped points", arguments: ["time", "distance"])
    func route(metric: String) throws {
        let result = try ridematch(["network", "route", "--db", Self.monaco.path, "--from", "43.7384,7.4246",
                                    "--to", "43.7300,7.4200", "--metric", metric, "--hour-of-week", "8"], in: repoRoot)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let nodes = try #require(json["nodes"] as? [Int64])
        let seconds = try #require(json["seconds"] as? Double), meters = try #require(json["meters"] as? Double)

        let graph = try NetworkDatabase.load(Self.monaco, displayPath: "monaco")
        let b = graph.bounds
        let model = NetworkTravelModel(graph: graph, projection: LocalProjection(
            center: GeoPoint(lat: (b.minLat + b.maxLat) / 2, lon: (b.minLon + b.maxLon) / 2)))
        let source = model.grid.nearest(to: model.projection.project(GeoPoint(lat: 43.7384, lon: 7.4246))).node
        let target = model.grid.nearest(to: model.projection.project(GeoPoint(lat: 43.7300, lon: 7.4200))).node
        #expect(nodes.first == graph.osmIDs[source] && nodes.last == graph.osmIDs[target])
        // Plain Dijkstra (no landmarks) gives the same cost.
        var router = Router(graph: graph)
        let m = model.metrics
        let weights = metric == "time" ? m.time(hourOfWeek: 8) : m.distance
        let secondary = metric == "time" ? m.distance : m.time(hourOfWeek: 8)
        let found = router.route(from: source, to: target, weights: weights, secondary: secondary, landmarks: nil)
        let plain = try #require(found)
        #expect((metric == "time" ? seconds : meters) == Double(plain.cost) / 1000)
        #expect(nodes.count > 10 && meters > 1000)
    }

    @Test("bad --from is one line, exit 2")
    func badPoint() throws {
        let result = try ridematch(["network", "route", "--db", Self.monaco.path, "--from", "43.7,abc", "--to", "43.73,7.42"],
                                   in: repoRoot)
        #expect(result.status == 2)
        #expect(result.stderrLines == ["error: --from: expected LAT,LON in degrees, got '43.7,abc'"])
    }

    @Test("network route --pairs: one row per pair as --from/--to routes it; a bad row names its line (blank lines and quoted line breaks counted)")
    func pairs() throws {
        let graph = try NetworkDatabase.load(Self.monaco, displayPath: "monaco")
        let (a, b, c) = (graph.osmIDs[10], graph.osmIDs[500], graph.osmIDs[2000])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pairs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.csv")
        try "From,To,note\n\(a),\(b),x\n\n\(b),\(c),\"two\nlines\"\n".write(to: good, atomically: true, encoding: .utf8)
        let result = try ridematch(["network", "route", "--db", Self.monaco.path, "--pairs", good.path], in: repoRoot)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3 && lines[0] == "from,to,seconds,meters")
        #expect(lines.dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") } == ["\(a),\(b)", "\(b),\(c)"])

        let bad = dir.appendingPathComponent("bad.csv")
        try "from,to,note\n\(a),\(b),\"two\nlines\"\n\n\(a),999999999999,z\n".write(to: bad, atomically: true, encoding: .utf8)
        let refused = try ridematch(["network", "route", "--db", Self.monaco.path, "--pairs", bad.path], in: repoRoot)
        #expect(refused.status == 2 && refused.stdout.isEmpty)
        #expect(refused.stderrLines == ["error: \(bad.path):5: to: no node '999999999999' in the network"])
    }

    @Test("network speeds import --utc-offset: local hours stored as UTC, said in its line; a bad offset is one line, exit 2, the database untouched")
    func speedsImportOffset() throws {
        let graph = try NetworkDatabase.load(Self.monaco, displayPath: "monaco")
        let (u, v) = (graph.osmIDs[Int(graph.edgeSource[0])], graph.osmIDs[Int(graph.head[0])])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("speeds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("net.sqlite"), csv = dir.appendingPathComponent("times.csv")
        try FileManager.default.copyItem(at: Self.monaco, to: db)
        try (["u,v,hour_of_week,seconds"] + (0..<168).map { "\(u),\(v),\($0),\(100 + $0)" })
            .joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        let before = try Data(contentsOf: db)
        for (offset, message) in [("-5:30", "--utc-offset: hourly times need a whole-hour offset, got '-5:30'"),
                                  ("EST", "--utc-offset: expected a whole-hour offset such as -05:00, +01:00 or Z, got 'EST'"),
                                  ("-13", "--utc-offset: expected a whole-hour offset such as -05:00, +01:00 or Z, got '-13'")] {
            let refused = try ridematch(["network", "speeds", "import", csv.path, "--db", db.path, "--utc-offset", offset])
            #expect(refused.status == 2 && refused.stdout.isEmpty)
            #expect(refused.stderrLines == ["error: \(message)"])
        }
        #expect(try Data(contentsOf: db) == before)
        let result = try ridematch(["network", "speeds", "import", csv.path, "--db", db.path, "--utc-offset", "-05:00"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "imported 168 hourly times (local hours at UTC−5, stored as UTC) for 1 of \(graph.edgeCount) edges into \(db.path)\n")
        let imported = try NetworkDatabase.load(db, displayPath: "net")
        let time = RoadMetrics(graph: imported)
        #expect(time.time(hourOfWeek: 5).forward[0] == 100_000 && time.time(hourOfWeek: 4).forward[0] == 267_000)
    }

    @Test("the shipped network scenario validates (network loaded, city inside it)")
    func shippedScenario() throws {
        for name in ["monaco-network", "network-day"] {
            let result = try ridematch(["validate", "scenarios/\(name).yaml"], in: repoRoot)
            #expect(result.status == 0 && result.stdout.hasPrefix("ok: scenarios/\(name).yaml"), "\(result.stderr)")
        }
    }
}
