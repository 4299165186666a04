import Core
import Foundation
import GRDB
import Testing
import Traffic
@testable import RoadNetwork

/// A small OSMnx-style graph: nodes 10, 20, 30, 40 in one strongly connected component and
/// node 50 reached one way only; a self-loop, a parallel edge, an edge without length and
/// edges with and without their own times.
private let nodeLinkJSON = """
    {"directed": true, "multigraph": true, "graph": {"crs": "epsg:4326"},
     "nodes": [{"y": 40.75, "x": -73.98, "id": 10}, {"y": 40.751, "x": -73.98, "id": 20},
               {"y": 40.751, "x": -73.979, "id": 30}, {"y": 40.75, "x": -73.979, "id": 40},
               {"y": 40.749, "x": -73.979, "id": 50}],
     "links": [
       {"source": 10, "target": 20, "key": 0, "length": 111.2, "travel_time": 10.0, "highway": "residential", "osmid": 7},
       {"source": 20, "target": 10, "key": 0, "length": 111.2, "speed_kph": 40.032, "highway": ["tertiary", "residential"], "osmid": [8, 7]},
       {"source": 20, "target": 30, "key": 0, "length": 84.3, "travel_time": 6.5, "highway": "primary", "maxspeed": ["25 mph", "30"]},
       {"source": 20, "target": 30, "key": 1, "length": 90.0, "travel_time": 5.0, "highway": "primary"},
       {"source": 30, "target": 20, "key": 0, "highway": "footway"},
       {"source": 30, "target": 40, "key": 0, "length": 111.2, "travel_time": 12.0},
       {"source": 40, "target": 10, "key": 0, "length": 84.3, "travel_time": 7.0, "highway": "residential"},
       {"source": 40, "target": 50, "key": 0, "length": 111.2, "travel_time": 9.0, "highway": "residential"},
       {"source": 10, "target": 10, "key": 0, "length": 0.0, "travel_time": 0.0}
     ]}
    """

/// The same graph as GraphML, as networkx's `write_graphml` writes it (values as typed data).
private let graphML: String = {
    var text = """
        <?xml version='1.0' encoding='utf-8'?>
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
          <key id="d0" for="node" attr.name="y" attr.type="double" />
          <key id="d1" for="node" attr.name="x" attr.type="double" />
          <key id="d2" for="edge" attr.name="length" attr.type="double" />
          <key id="d3" for="edge" attr.name="travel_time" attr.type="double" />
          <key id="d4" for="edge" attr.name="highway" attr.type="string" />
          <key id="d5" for="edge" attr.name="osmid" attr.type="string" />
          <key id="d6" for="edge" attr.name="speed_kph" attr.type="double" />
          <key id="d7" for="edge" attr.name="maxspeed" attr.type="string" />
          <graph edgedefault="directed">

        """
    for (id, y, x) in [(10, "40.75", "-73.98"), (20, "40.751", "-73.98"), (30, "40.751", "-73.979"),
                       (40, "40.75", "-73.979"), (50, "40.749", "-73.979")] {
        text += "    <node id=\"\(id)\"><data key=\"d0\">\(y)</data><data key=\"d1\">\(x)</data></node>\n"
    }
    let edges: [(Int, Int, Int, [(String, String)])] = [
        (10, 20, 0, [("d2", "111.2"), ("d3", "10.0"), ("d4", "residential"), ("d5", "7")]),
        (20, 10, 0, [("d2", "111.2"), ("d6", "40.032"), ("d4", "['tertiary', 'residential']"), ("d5", "[8, 7]")]),
        (20, 30, 0, [("d2", "84.3"), ("d3", "6.5"), ("d4", "primary"), ("d7", "['25 mph', '30']")]),
        (20, 30, 1, [("d2", "90.0"), ("d3", "5.0"), ("d4", "primary")]),
        (30, 20, 0, [("d4", "footway")]),
        (30, 40, 0, [("d2", "111.2"), ("d3", "12.0")]),
        (40, 10, 0, [("d2", "84.3"), ("d3", "7.0"), ("d4", "residential")]),
        (40, 50, 0, [("d2", "111.2"), ("d3", "9.0"), ("d4", "residential")]),
        (10, 10, 0, [("d2", "0.0"), ("d3", "0.0")]),
    ]
    for (u, v, key, data) in edges {
        text += "    <edge source=\"\(u)\" target=\"\(v)\" id=\"\(key)\">"
        text += data.map { "<data key=\"\($0.0)\">\($0.1)</data>" }.joined() + "</edge>\n"
    }
    return text + "  </graph>\n</graphml>\n"
}()

@Suite("Network import: OSMnx GraphML and node-link JSON")
struct OSMnxImportTests {
    @Test("the node-link graph: ids kept, defaults, self-loop and parallel edge dropped, largest component")
    func nodeLinkGraph() throws {
        let graph = try importGraph(Data(nodeLinkJSON.utf8), name: "g.json")
        #expect(graph.osmIDs == [10, 20, 30, 40])
        // (source, target) in id order: 10→20, 20→10, 20→30, 30→20, 30→40, 40→10.
        #expect(graph.sources == [0, 1, 1, 2, 2, 3])
        #expect(graph.targets == [1, 0, 2, 1, 3, 0])
        let lengthFromCoordinates = GeoPoint(lat: 40.751, lon: -73.979).haversineMeters(to: GeoPoint(lat: 40.751, lon: -73.98))
        #expect(graph.lengths == [111.2, 111.2, 84.3, lengthFromCoordinates, 111.2, 84.3])
        let classes = graph.classes.map { DrivableFilter.roadClasses[Int($0)] }
        #expect(classes == ["residential", "tertiary", "primary", "unclassified", "unclassified", "residential"])
        #expect(graph.maxspeeds == [nil, nil, 30, nil, nil, nil])  // min(25 mph = 40.23, 30)
        #expect(graph.wayIDs == [7, 8, 0, 0, 0, 0])
        #expect(graph.sourceSeconds == [10, 111.2 * 3.6 / 40.032, 6.5, nil, 12, 7])
        let s = graph.statistics
        #expect((s.nodesRead, s.edgesRead, s.selfLoopsDropped, s.parallelEdgesDropped) == (5, 9, 1, 1))
        #expect((s.lengthsFromCoordinates, s.defaultClassEdges) == (1, 2))
        #expect((s.components, s.droppedNodes, s.droppedEdges) == (2, 1, 1))
    }

    @Test("GraphML and node-link JSON of the same graph give identical tables; re-imports are byte-identical")
    func graphMLEqualsJSON() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let json = try importDatabase(Data(nodeLinkJSON.utf8), name: "g.json", in: folder)
        let xml = try importDatabase(Data(graphML.utf8), name: "g.graphml", in: folder)
        #expect(try tableDump(json) == (try tableDump(xml)))
        #expect(try times(json) == (try times(xml)))
        #expect(try times(json).count == 5)
        let again = try importDatabase(Data(nodeLinkJSON.utf8), name: "g.json", in: try TempFolder())
        #expect(try Data(contentsOf: json) == (try Data(contentsOf: again)))
        let summary = try NetworkSummary.read(json, displayPath: "g.sqlite")
        #expect(summary.meta["source_format"] == "node_link_json")
        #expect(summary.edgesWithTimes == 5)
        #expect(summary.edgesWithHourlyTimes == nil)
        #expect(summary.text.contains("  read:       5 nodes, 9 edges"))
    }

    private func times(_ database: URL) throws -> [String] {
        let queue = try DatabaseQueue(path: database.path)
        defer { try? queue.close() }
        return try queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM edge_times ORDER BY edge_id").map { "\($0)" } }
    }

    @Test("own edge times replace class speeds with network_speeds: edges, and routes use them")
    func ownTimes() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let database = try importDatabase(Data(nodeLinkJSON.utf8), name: "g.json", in: folder)
        let graph = try NetworkDatabase.load(database, displayPath: "g.sqlite")
        let own = RoadMetrics(graph: graph, edgeTimes: true)
        let expected: [Int32] = [10_000, Int32((111.2 * 3.6 / 40.032 * 1000).rounded()), 6500,
                                 RoadMetrics.milliseconds(graph.lengthMeters[3], graph.speedKmh(edge: 3, hourOfWeek: 0)), 12_000, 7000]
        #expect(own.time(hourOfWeek: 0).forward == expected)
        let classRows = Set((0..<168).map { h in graph.classes.indices.map { graph.classSpeedsKmh[$0 * 168 + h] } })
        #expect(own.timeProfiles.count == classRows.count)
        let classes = RoadMetrics(graph: graph)
        #expect(classes.time(hourOfWeek: 0).forward[0] == RoadMetrics.milliseconds(111.2, graph.speedKmh(edge: 0, hourOfWeek: 0)))
        let model = NetworkTravelModel(graph: graph, projection: LocalProjection(center: GeoPoint(lat: 40.75, lon: -73.98)), edgeTimes: true)
        let route = model.route(from: 0, to: 3, metric: .time, hourOfWeek: 0)  // 10 → 20 → 30 → 40
        #expect(route.nodes == [0, 1, 2, 3])
        #expect(route.seconds == 28.5)
        #expect(route.meters == 306.7)
    }

    @Test("bad graph files: one line naming file, element and field", arguments: [
        (#"{"nodes": [{"id": 1, "y": 40.7}], "links": []}"#, "b.json: nodes[0] (id 1): x: missing (a node needs x = longitude and y = latitude)"),
        (#"{"nodes": [{"id": 1, "x": "abc", "y": 40.7}], "links": []}"#, "b.json: nodes[0] (id 1): x: must be a longitude in -180…180, got 'abc'"),
        (#"{"nodes": [{"id": 1, "x": 1, "y": 2}, {"id": 2, "x": 1, "y": 2.001}], "links": [{"source": 1, "target": 2, "length": -3}]}"#,
         "b.json: links[0] (1→2): length: must be a number of metres >= 0, got -3.0"),
        (#"{"nodes": [{"id": 1, "x": 1, "y": 2}, {"id": 2, "x": 1, "y": 2.001}], "links": [{"source": 1, "target": 2, "length": "long"}]}"#,
         "b.json: links[0] (1→2): length: must be a number of metres >= 0, got 'long'"),
        (#"{"nodes": [{"id": 1, "x": 1, "y": 2}], "links": [{"source": 1, "target": 9}]}"#, "b.json: links[0] (1→9): target: no node 9 in the file"),
        (#"{"nodes": [{"id": 1, "x": 1, "y": 2}, {"id": 2, "x": 1, "y": 2.001}], "links": [{"source": 1, "target": 2, "travel_time": 0}]}"#,
         "b.json: links[0] (1→2): travel_time: must be a number of seconds > 0, got 0.0"),
        (#"{"nodes": []"#, "b.json: malformed JSON"),
        (#"{"nodes": [{"id": "n1", "x": 1, "y": 2}], "links": []}"#, "b.json: nodes[0]: id: must be an integer, got n1"),
        (#"{"vertices": []}"#, "b.json: nodes: missing: not a node-link graph (needs \"nodes\" and \"links\")"),
    ])
    func badJSON(text: String, expected: String) {
        let message = importError(Data(text.utf8), name: "b.json")?.description ?? ""
        #expect(message == expected || (expected.hasSuffix("malformed JSON") && message.hasPrefix(expected)), "\(message)")
    }

    @Test("bad GraphML names the line")
    func badGraphML() {
        let text = """
            <?xml version='1.0' encoding='utf-8'?>
            <graphml><key id="d0" for="node" attr.name="y"/><key id="d1" for="node" attr.name="x"/>
            <graph edgedefault="directed">
            <node id="1"><data key="d0">40.7</data><data key="d1">-73.9</data></node>
            <node id="2"><data key="d0">40.7</data></node>
            </graph></graphml>
            """
        #expect(importError(Data(text.utf8), name: "b.graphml")?.description
                == "b.graphml:5: node 2: x: missing (a node needs x = longitude and y = latitude)")
        let edge = text.replacingOccurrences(of: "<node id=\"2\"><data key=\"d0\">40.7</data></node>",
                                             with: "<edge source=\"1\" target=\"3\"/>")
        #expect(importError(Data(edge.utf8), name: "b.graphml")?.description == "b.graphml:5: edge 1→3: target: no node 3 in the file")
    }
}

@Suite("Network speeds import: hourly edge times")
struct EdgeHourTimesTests {
    /// The fixture network in a fresh folder.
    private func network(_ folder: TempFolder) throws -> URL {
        try importDatabase(Data(nodeLinkJSON.utf8), name: "g.json", in: folder)
    }

    private func csv(_ rows: [String], header: String = "u,v,hour_of_week,seconds") -> Data {
        Data(([header] + rows).joined(separator: "\n").utf8)
    }

    @Test("measured hourly times replace class speeds on their edges at each hour; routes use them")
    func hourlyTimes() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let database = try network(folder)
        let input = try folder.write("h.csv", csv((0..<168).map { "10,20,\($0),\(20 + $0 % 2)" }))
        let summary = try EdgeHourTimes.importFile(input, displayPath: "h.csv", database: database, databaseDisplayPath: "g.sqlite")
        #expect(summary == EdgeHourTimes.Summary(rows: 168, edges: 1, networkEdges: 6))
        let graph = try NetworkDatabase.load(database, displayPath: "g.sqlite")
        let metrics = RoadMetrics(graph: graph)
        #expect(metrics.time(hourOfWeek: 0).forward[0] == 20_000)
        #expect(metrics.time(hourOfWeek: 1).forward[0] == 21_000)
        #expect(metrics.time(hourOfWeek: 1).forward[1] == RoadMetrics.milliseconds(111.2, graph.speedKmh(edge: 1, hourOfWeek: 1)))
        #expect(metrics.freeFlow.forward[0] == 20_000)
        let model = NetworkTravelModel(graph: graph, projection: LocalProjection(center: GeoPoint(lat: 40.75, lon: -73.98)))
        #expect(model.route(from: 0, to: 1, metric: .time, hourOfWeek: 3).seconds == 21)
        #expect(try NetworkSummary.read(database, displayPath: "g.sqlite").edgesWithHourlyTimes == 1)
        // speed_kmh instead of seconds: time = length × 3.6 / speed.
        let speeds = try folder.write("s.csv", csv((0..<168).map { "20,30,\($0),30" }, header: "u,v,hour_of_week,speed_kmh"))
        _ = try EdgeHourTimes.importFile(speeds, displayPath: "s.csv", database: database, databaseDisplayPath: "g.sqlite")
        let replaced = try NetworkDatabase.load(database, displayPath: "g.sqlite")
        #expect(RoadMetrics(graph: replaced).time(hourOfWeek: 5).forward[2] == Int32((84.3 * 3.6 / 30 * 1000).rounded()))
        #expect(replaced.hourlySlot == [-1, -1, 0, -1, -1, -1])  // the import replaced the table
    }

    @Test("local hours at a UTC offset are stored as UTC hours: New York's Monday 00:00 is UTC hour 5")
    func utcOffset() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let database = try network(folder)
        // Local hour h costs 100 + h seconds; at UTC−5 local hour h is UTC hour h + 5 (mod 168).
        let input = try folder.write("h.csv", csv((0..<168).map { "10,20,\($0),\(100 + $0)" }))
        _ = try EdgeHourTimes.importFile(input, displayPath: "h.csv", database: database, databaseDisplayPath: "g.sqlite",
                                         utcOffsetHours: -5)
        let metrics = RoadMetrics(graph: try NetworkDatabase.load(database, displayPath: "g.sqlite"))
        #expect(metrics.time(hourOfWeek: 5).forward[0] == 100_000)    // local Monday 00:00
        #expect(metrics.time(hourOfWeek: 4).forward[0] == 267_000)    // local Sunday 23:00
        #expect(metrics.time(hourOfWeek: 0).forward[0] == 263_000)    // local Sunday 19:00
        // East of UTC: at +02:00, local hour 0 is UTC hour 166 (Sunday 22:00 UTC).
        _ = try EdgeHourTimes.importFile(input, displayPath: "h.csv", database: database, databaseDisplayPath: "g.sqlite",
                                         utcOffsetHours: 2)
        let east = RoadMetrics(graph: try NetworkDatabase.load(database, displayPath: "g.sqlite"))
        #expect(east.time(hourOfWeek: 166).forward[0] == 100_000)
        #expect(east.time(hourOfWeek: 0).forward[0] == 102_000)
    }

    @Test("bad rows: one line naming file, line and column; the database is left as it was", arguments: [
        (["10,30,0,5"], "h.csv:2: v: the network has no edge 10→30"),
        (["10,20,168,5"], "h.csv:2: hour_of_week: must be an integer 0-167, got '168'"),
        (["10,20,0,0"], "h.csv:2: seconds: must be a number > 0, got '0'"),
        (["10,20,0,-4"], "h.csv:2: seconds: must be a number > 0, got '-4'"),
        (["x,20,0,5"], "h.csv:2: u: must be an integer node id, got 'x'"),
        (["10,20,0,5", "10,20,1,5"], "h.csv:2: hour_of_week: edge 10→20 has 2 of 168 hours (every edge listed needs all 168)"),
        (["10,20,0,5", "10,20,0,6"], "h.csv:3: hour_of_week: duplicate row for edge 10→20 hour 0 (first on line 2)"),
        ([], "h.csv: no data rows after the header"),
    ])
    func badRows(rows: [String], expected: String) throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let database = try network(folder)
        let before = try Data(contentsOf: database)
        let input = try folder.write("h.csv", csv(rows))
        #expect(throws: TrafficError.self) {
            _ = try EdgeHourTimes.importFile(input, displayPath: "h.csv", database: database, databaseDisplayPath: "g.sqlite")
        }
        do {
            _ = try EdgeHourTimes.importFile(input, displayPath: "h.csv", database: database, databaseDisplayPath: "g.sqlite")
        } catch {
            #expect("\(error)" == expected)
        }
        #expect(try Data(contentsOf: database) == before)
    }

    @Test("a point farther than 1 km from every node is not on the network")
    func snapDistance() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let graph = try NetworkDatabase.load(try network(folder), displayPath: "g.sqlite")
        let model = NetworkTravelModel(graph: graph, projection: LocalProjection(center: GeoPoint(lat: 40.75, lon: -73.98)))
        #expect(try model.snapNode(GeoPoint(lat: 40.7502, lon: -73.9801), what: "--from", network: "g.sqlite") == 0)
        #expect(throws: InputProblem("--to: (40.76, -73.98) lies 1001 m from the nearest node of g.sqlite (at most 1000 m): not on this road network")) {
            _ = try model.snapNode(GeoPoint(lat: 40.76, lon: -73.98), what: "--to", network: "g.sqlite")
        }
        #expect(model.offNetworkMeters(model.projection.project(GeoPoint(lat: 40.7505, lon: -73.98))) == nil)
        #expect(model.offNetworkMeters(model.projection.project(GeoPoint(lat: 40.77, lon: -73.98))) != nil)
    }
}
