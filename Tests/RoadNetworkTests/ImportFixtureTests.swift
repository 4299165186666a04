import Core
import Foundation
import Testing
@testable import RoadNetwork

/// A small hand-written town exercising every rule of the import (docs/networks.md):
///
///     17 → 18 (isolated one-way pair)        14 ↔ 15 (cut off: node 99 is missing)
///     7 → 8                                          16
///     ↑ ↙ roundabout                                  ↑ one-way spur
///     4 ← 5 ← 6            nodes 4…6: w101 oneway=yes (6→5→4)
///     ↓       ↑ w102 oneway=-1 (3→6)
///     1 ↔ 2 ↔ 3 → 9 ↔ 10   w100 two-way residential, w105 motorway (implied one-way),
///                ↘ 6       w106 motorway_link oneway=yes, w107 motorway oneway=no
let town = Fixture(
    nodes: [
        FixtureNode(id: 1, lat: 43.700, lon: 7.400), FixtureNode(id: 2, lat: 43.700, lon: 7.401),
        FixtureNode(id: 3, lat: 43.700, lon: 7.402), FixtureNode(id: 4, lat: 43.701, lon: 7.400),
        FixtureNode(id: 5, lat: 43.701, lon: 7.401), FixtureNode(id: 6, lat: 43.701, lon: 7.402),
        FixtureNode(id: 7, lat: 43.702, lon: 7.401), FixtureNode(id: 8, lat: 43.702, lon: 7.402),
        FixtureNode(id: 9, lat: 43.699, lon: 7.403), FixtureNode(id: 10, lat: 43.698, lon: 7.404),
        FixtureNode(id: 11, lat: 43.699, lon: 7.400), FixtureNode(id: 12, lat: 43.702, lon: 7.400),
        FixtureNode(id: 13, lat: 43.7025, lon: 7.4005), FixtureNode(id: 14, lat: 43.703, lon: 7.403),
        FixtureNode(id: 15, lat: 43.703, lon: 7.404), FixtureNode(id: 16, lat: 43.7015, lon: 7.4015),
        FixtureNode(id: 17, lat: 43.704, lon: 7.400), FixtureNode(id: 18, lat: 43.704, lon: 7.401),
    ],
    ways: [
        FixtureWay(id: 100, refs: [1, 2, 3], tags: [("highway", "residential"), ("maxspeed", "30 mph"), ("name", "A & B")]),
        FixtureWay(id: 101, refs: [6, 5, 4], tags: [("highway", "residential"), ("oneway", "yes"), ("maxspeed", "50")]),
        FixtureWay(id: 102, refs: [6, 3], tags: [("highway", "tertiary"), ("oneway", "-1"), ("maxspeed", "walk")]),
        FixtureWay(id: 103, refs: [4, 1], tags: [("highway", "tertiary"), ("oneway", "1")]),
        FixtureWay(id: 104, refs: [5, 7, 8, 5], tags: [("highway", "primary"), ("junction", "roundabout")]),
        FixtureWay(id: 105, refs: [3, 9], tags: [("highway", "motorway")]),
        FixtureWay(id: 106, refs: [9, 6], tags: [("highway", "motorway_link"), ("oneway", "yes")]),
        FixtureWay(id: 107, refs: [9, 10], tags: [("highway", "motorway"), ("oneway", "no")]),
        FixtureWay(id: 108, refs: [1, 11], tags: [("highway", "residential"), ("access", "no")]),
        FixtureWay(id: 109, refs: [2, 11], tags: [("highway", "service"), ("motor_vehicle", "private")]),
        FixtureWay(id: 110, refs: [3, 11], tags: [("highway", "residential"), ("motorcar", "no")]),
        FixtureWay(id: 111, refs: [4, 12, 13, 4], tags: [("highway", "service"), ("area", "yes")]),
        FixtureWay(id: 112, refs: [1, 12], tags: [("highway", "footway")]),
        FixtureWay(id: 113, refs: [2, 12], tags: [("highway", "cycleway")]),
        FixtureWay(id: 114, refs: [11, 12, 13, 11], tags: [("building", "yes")]),
        FixtureWay(id: 115, refs: [6, 99, 14, 15], tags: [("highway", "residential")]),
        FixtureWay(id: 116, refs: [5, 16], tags: [("highway", "residential"), ("oneway", "true")]),
        FixtureWay(id: 117, refs: [17, 18], tags: [("highway", "unclassified"), ("oneway", "yes")]),
        FixtureWay(id: 118, refs: [10, 10, 9], tags: [("highway", "service")]),
    ])

@Suite("Network import: hand-written fixtures")
struct ImportFixtureTests {
    @Test("the town imports to exactly the expected nodes and directed edges")
    func townEdges() throws {
        let graph = try importGraph(town.xml)
        #expect(graph.osmIDs == Array(1...10))
        let expected: [(Int64, Int64, Int64)] = [
            (1, 2, 100), (2, 1, 100), (2, 3, 100), (3, 2, 100), (3, 6, 102), (3, 9, 105), (4, 1, 103),
            (5, 4, 101), (5, 7, 104), (6, 5, 101), (7, 8, 104), (8, 5, 104), (9, 6, 106), (9, 10, 107), (10, 9, 107),
        ]
        #expect(graph.osmEdges == expected.map { OSMEdge(from: $0.0, to: $0.1, way: $0.2) })
    }

    @Test("what was read, cut, deduplicated and pruned is counted exactly")
    func townStatistics() throws {
        let s = try importGraph(town.xml).statistics
        #expect(s.waysRead == 19)
        #expect(s.waysDrivable == 12)             // 108…114 are closed, areas or not roads
        #expect(s.missingNodes == 1)              // node 99
        #expect(s.cutSegments == 2)               // 6–99 and 99–14
        #expect(s.selfLoopsDropped == 2)          // 10–10 of the two-way w118, both directions
        #expect(s.parallelEdgesDropped == 2)      // w118's 10↔9 equals w107's; the lower way id stays
        #expect(s.nodesBeforeSCC == 15)
        #expect(s.edgesBeforeSCC == 19)
        #expect(s.components == 5)                // {1…10}, {14, 15}, {16}, {17}, {18}
        #expect(s.droppedNodes == 5)
        #expect(s.droppedEdges == 4)              // 14↔15, 5→16, 17→18
    }

    @Test("edges carry their class, parsed maxspeed and haversine length")
    func edgeAttributes() throws {
        let graph = try importGraph(town.xml)
        let classes = graph.classes.map { DrivableFilter.roadClasses[Int($0)] }
        #expect(classes == ["residential", "residential", "residential", "residential", "tertiary", "motorway",
                            "tertiary", "residential", "primary", "residential", "primary", "primary",
                            "motorway_link", "motorway", "motorway"])
        #expect(graph.maxspeeds[0] == 48.28)      // 30 mph
        #expect(graph.maxspeeds[4] == nil)        // walk
        #expect(graph.maxspeeds[7] == 50)
        // 0.001° of longitude at 43.7°N on a sphere of radius 6371008.8 m, by the spherical law of cosines.
        let rad = Double.pi / 180
        let lat = 43.7 * rad
        let cosine = sin(lat) * sin(lat) + cos(lat) * cos(lat) * cos(0.001 * rad)
        #expect(abs(graph.lengths[0] - 6_371_008.8 * acos(cosine)) < 1e-3)
        #expect(abs(graph.lengths[0] - 80.39) < 0.01)  // 111.195 m × cos 43.7°
        #expect(graph.coordinates[0] == FixedCoordinate(lat: 437_000_000, lon: 74_000_000))
    }

    @Test("a fixture with no drivable way is refused in one line")
    func noDrivableWays() throws {
        let paths = Fixture(nodes: town.nodes, ways: town.ways.filter { (108...114).contains($0.id) })
        let error = importError(paths.xml, name: "paths.osm")
        #expect(error?.description == "paths.osm: no drivable ways (highway=motorway…service)")
    }

    @Test("ways whose nodes are all missing leave no road")
    func allNodesMissing() throws {
        let error = importError(Fixture(nodes: [], ways: [town.ways[0]]).xml, name: "bare.osm")
        #expect(error?.description
                == "bare.osm: no road left: 1 drivable ways but none has two consecutive nodes in the file (3 nodes missing)")
    }

    @Test("the largest component wins; a tie goes to the one with the lowest OSM id")
    func componentTie() throws {
        let nodes = (1...4).map { FixtureNode(id: Int64($0), lat: 43.7 + Double($0) / 1000, lon: 7.4) }
        let pairs = Fixture(nodes: nodes, ways: [
            FixtureWay(id: 2, refs: [3, 4], tags: [("highway", "service")]),
            FixtureWay(id: 1, refs: [2, 1], tags: [("highway", "service")]),
        ])
        let graph = try importGraph(pairs.xml)
        #expect(graph.osmEdges == [OSMEdge(from: 1, to: 2, way: 1), OSMEdge(from: 2, to: 1, way: 1)])
        #expect(graph.statistics.components == 2)
        #expect(graph.statistics.droppedNodes == 2)
    }
}

@Suite("Network import: drivable filter")
struct DrivableFilterTests {
    private func direction(_ tags: [(String, String)]) -> TravelDirection? {
        DrivableFilter.classify(OSMTags(tags.map { (key: $0.0, value: $0.1) }))?.direction
    }

    @Test("oneway values, roundabouts and motorways")
    func directions() {
        for value in ["yes", "true", "1"] { #expect(direction([("highway", "residential"), ("oneway", value)]) == .forward) }
        #expect(direction([("highway", "residential"), ("oneway", "-1")]) == .backward)
        for value in ["no", "false", "0"] { #expect(direction([("highway", "motorway"), ("oneway", value)]) == .both) }
        #expect(direction([("highway", "residential")]) == .both)
        #expect(direction([("highway", "residential"), ("oneway", "reversible")]) == .both)
        #expect(direction([("highway", "motorway")]) == .forward)
        #expect(direction([("highway", "motorway_link")]) == .both)
        #expect(direction([("highway", "primary"), ("junction", "roundabout")]) == .forward)
        #expect(direction([("highway", "primary"), ("junction", "circular")]) == .forward)
        #expect(direction([("highway", "primary"), ("junction", "roundabout"), ("oneway", "no")]) == .both)
        #expect(direction([("highway", "primary"), ("junction", "roundabout"), ("oneway", "-1")]) == .backward)
    }

    @Test("every drivable class is kept; closed, area and other ways are not")
    func classes() {
        for roadClass in DrivableFilter.roadClasses { #expect(direction([("highway", roadClass)]) != nil) }
        for other in ["footway", "cycleway", "path", "track", "pedestrian", "steps", "construction", "bus_guideway"] {
            #expect(direction([("highway", other)]) == nil)
        }
        for key in ["access", "motor_vehicle", "motorcar"] {
            for value in ["no", "private"] { #expect(direction([("highway", "primary"), (key, value)]) == nil) }
            #expect(direction([("highway", "primary"), (key, "destination")]) == .both)
        }
        #expect(direction([("highway", "service"), ("area", "yes")]) == nil)
        #expect(direction([("highway", "service"), ("area", "no")]) == .both)
        #expect(direction([("building", "yes")]) == nil)
    }

    @Test("maxspeed parsing")
    func maxspeed() {
        let cases: [(String, Double?)] = [
            ("50", 50), ("50 km/h", 50), ("50km/h", 50), ("50 kmh", 50), ("30 mph", 48.28), ("20mph", 32.19),
            ("7.5", 7.5), ("walk", nil), ("none", nil), ("signals", nil), ("FR:urban", nil), ("50;30", nil),
            ("0", nil), ("-5", nil), ("", nil), ("10 knots", nil),
        ]
        for (text, expected) in cases { #expect(DrivableFilter.parseMaxspeed(text) == expected, "\(text)") }
    }
}
