import Foundation
import Testing
@testable import RoadNetwork

/// The shipped extract (data/monaco.osm.pbf, © OpenStreetMap contributors, ODbL) and its import.
let monacoPBF = repoRoot.appendingPathComponent("data/monaco.osm.pbf")
let monacoDB = repoRoot.appendingPathComponent("data/monaco.sqlite")

@Suite("Network import: Monaco")
struct MonacoTests {
    @Test("the shipped extract imports to the documented numbers (docs/networks.md)")
    func numbers() throws {
        let (graph, format) = try NetworkImporter.read(monacoPBF, displayPath: "data/monaco.osm.pbf")
        #expect(format == .pbf)
        let s = graph.statistics
        #expect(s.waysRead == 27377)
        #expect(s.waysDrivable == 1701)
        #expect(s.nodesBeforeSCC == 15676)
        #expect(s.edgesBeforeSCC == 27499)
        #expect(s.components == 641)
        #expect(s.droppedNodes == 1352)
        #expect(s.droppedEdges == 2032)
        #expect(graph.osmIDs.count == 14324)
        #expect(graph.sources.count == 25467)
        #expect(graph.osmIDs.count == s.nodesBeforeSCC - s.droppedNodes)
        #expect(graph.sources.count == s.edgesBeforeSCC - s.droppedEdges)
        // Ids ascend, edges are sorted by (source, target) with no duplicates, no self-loops.
        #expect(zip(graph.osmIDs, graph.osmIDs.dropFirst()).allSatisfy { $0 < $1 })
        let pairs = zip(graph.sources, graph.targets).map { (Int($0) << 32) | Int($1) }
        #expect(zip(pairs, pairs.dropFirst()).allSatisfy { $0 < $1 })
        #expect(zip(graph.sources, graph.targets).allSatisfy { $0 != $1 })
    }

    @Test("importing the shipped extract again gives the shipped database byte for byte")
    func shippedDatabaseIsCurrent() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let database = folder.file("monaco.sqlite")
        _ = try NetworkImporter.importFile(monacoPBF, displayPath: "data/monaco.osm.pbf", database: database,
                                           databaseDisplayPath: "monaco.sqlite")
        #expect(try Data(contentsOf: database) == (try Data(contentsOf: monacoDB)))
    }

    @Test("the extract written out as OSM XML imports to the same database")
    func xmlOfMonaco() throws {
        let reader = try OSMPBFReader(data: try Data(contentsOf: monacoPBF), displayPath: "monaco.osm.pbf")
        var xml = "<?xml version='1.0' encoding='UTF-8'?>\n<osm version=\"0.6\">\n"
        try reader.forEachNode { id, c in
            xml += "<node id=\"\(id)\" lat=\"\(NetworkDatabase.degrees(c.lat))\" lon=\"\(NetworkDatabase.degrees(c.lon))\"/>\n"
        }
        try reader.forEachWay { id, refs, tags in
            xml += "<way id=\"\(id)\">" + refs.map { "<nd ref=\"\($0)\"/>" }.joined()
            for (key, value) in tags.pairs { xml += "<tag k=\"\(escape(key))\" v=\"\(escape(value))\"/>" }
            xml += "</way>\n"
        }
        xml += "</osm>\n"
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let fromXML = try importDatabase(Data(xml.utf8), name: "monaco.osm", in: folder)
        #expect(try tableDump(fromXML) == (try tableDump(monacoDB)))
    }

    private func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case "\"": result += "&quot;"
            case _ where scalar.value < 0x20: result += "&#\(scalar.value);"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
