import CZlib
import Core
import Foundation
import Testing
@testable import RoadNetwork

/// The repository root (for the shipped data files).
let repoRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fresh temporary folder, removed by `cleanup()`.
struct TempFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("network-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    @discardableResult
    func write(_ name: String, _ data: Data) throws -> URL {
        try data.write(to: file(name))
        return file(name)
    }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// An OSM node of a hand-written fixture.
struct FixtureNode {
    var id: Int64
    var lat: Double
    var lon: Double
}

/// An OSM way of a hand-written fixture.
struct FixtureWay {
    var id: Int64
    var refs: [Int64]
    var tags: [(String, String)]
}

/// A small OSM data set, written out as OSM XML or OSM PBF by the tests.
struct Fixture {
    var nodes: [FixtureNode]
    var ways: [FixtureWay]

    /// The data as OSM XML.
    var xml: Data {
        var text = "<?xml version='1.0' encoding='UTF-8'?>\n<osm version=\"0.6\" generator=\"ridematch tests\">\n"
        for node in nodes {
            text += "  <node id=\"\(node.id)\" lat=\"\(String(format: "%.7f", node.lat))\" lon=\"\(String(format: "%.7f", node.lon))\"/>\n"
        }
        for way in ways {
            text += "  <way id=\"\(way.id)\">\n"
            for ref in way.refs { text += "    <nd ref=\"\(ref)\"/>\n" }
            for (key, value) in way.tags { text += "    <tag k=\"\(escape(key))\" v=\"\(escape(value))\"/>\n" }
            text += "  </way>\n"
        }
        return Data((text + "</osm>\n").utf8)
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// The data as OSM PBF: an OSMHeader blob, then nodes and ways in blocks of `perBlock`
    /// elements. Nodes are dense (delta coded) except in the first block, which uses plain
    /// nodes when `plainFirstBlock`; blobs are zlib-compressed except every third, raw.
    func pbf(perBlock: Int = 4, plainFirstBlock: Bool = true) throws -> Data {
        var file = Data()
        var header = OSMPBF_HeaderBlock()
        header.requiredFeatures = ["OsmSchema-V0.6", "DenseNodes"]
        header.writingprogram = "ridematch tests"
        try appendBlob(type: "OSMHeader", payload: header.serializedData(), compress: true, to: &file)
        var blobNumber = 0
        let granularity: Int64 = 100
        for (chunkIndex, start) in stride(from: 0, to: nodes.count, by: perBlock).enumerated() {
            let chunk = nodes[start..<min(start + perBlock, nodes.count)]
            var block = OSMPBF_PrimitiveBlock()
            block.stringtable.s = [Data()]
            var group = OSMPBF_PrimitiveGroup()
            let fixed = { (degrees: Double) in Int64((degrees * 1e9).rounded()) / granularity }
            if plainFirstBlock && chunkIndex == 0 {
                group.nodes = chunk.map { node in
                    var plain = OSMPBF_Node()
                    plain.id = node.id; plain.lat = fixed(node.lat); plain.lon = fixed(node.lon)
                    return plain
                }
            } else {
                var dense = OSMPBF_DenseNodes()
                var (id, lat, lon): (Int64, Int64, Int64) = (0, 0, 0)
                for node in chunk {
                    dense.id.append(node.id - id); id = node.id
                    dense.lat.append(fixed(node.lat) - lat); lat = fixed(node.lat)
                    dense.lon.append(fixed(node.lon) - lon); lon = fixed(node.lon)
                }
                group.dense = dense
            }
            block.primitivegroup = [group]
            blobNumber += 1
            try appendBlob(type: "OSMData", payload: block.serializedData(), compress: blobNumber % 3 != 0, to: &file)
        }
        for start in stride(from: 0, to: ways.count, by: perBlock) {
            var block = OSMPBF_PrimitiveBlock()
            var strings: [String] = [""]
            let index = { (text: String) -> UInt32 in
                if let i = strings.firstIndex(of: text) { return UInt32(i) }
                strings.append(text)
                return UInt32(strings.count - 1)
            }
            var group = OSMPBF_PrimitiveGroup()
            for way in ways[start..<min(start + perBlock, ways.count)] {
                var encoded = OSMPBF_Way()
                encoded.id = way.id
                encoded.keys = way.tags.map { index($0.0) }
                encoded.vals = way.tags.map { index($0.1) }
                var previous: Int64 = 0
                encoded.refs = way.refs.map { ref in defer { previous = ref }; return ref - previous }
                group.ways.append(encoded)
            }
            block.stringtable.s = strings.map { Data($0.utf8) }
            block.primitivegroup = [group]
            blobNumber += 1
            try appendBlob(type: "OSMData", payload: block.serializedData(), compress: blobNumber % 3 != 0, to: &file)
        }
        return file
    }
}

/// Appends one (length, BlobHeader, Blob) triple to `file`.
func appendBlob(type: String, payload: Data, compress: Bool, to file: inout Data) throws {
    var blob = OSMPBF_Blob()
    if compress {
        blob.rawSize = Int32(payload.count)
        blob.zlibData = zlibCompress(payload)
    } else {
        blob.raw = payload
    }
    let blobBytes: Data = try blob.serializedData()
    var header = OSMPBF_BlobHeader()
    header.type = type
    header.datasize = Int32(blobBytes.count)
    let headerBytes: Data = try header.serializedData()
    let length = UInt32(headerBytes.count)
    file.append(contentsOf: [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)])
    file.append(headerBytes)
    file.append(blobBytes)
}

/// `data` compressed with zlib.
func zlibCompress(_ data: Data) -> Data {
    var output = Data(count: Int(compressBound(uLong(data.count))))
    var length = uLongf(output.count)
    let status = output.withUnsafeMutableBytes { out in
        data.withUnsafeBytes { input in
            compress(out.baseAddress!.assumingMemoryBound(to: Bytef.self), &length,
                     input.baseAddress!.assumingMemoryBound(to: Bytef.self), uLong(data.count))
        }
    }
    precondition(status == Z_OK)
    return output.prefix(Int(length))
}

/// Imports `data` (PBF or XML, told apart by content) and returns the graph.
func importGraph(_ data: Data, name: String = "fixture.osm") throws -> RoadGraph {
    try NetworkImporter.read(data: data, displayPath: name).graph
}

/// Imports `data` into a database file in `folder` and returns its URL.
func importDatabase(_ data: Data, name: String, in folder: TempFolder) throws -> URL {
    let input = try folder.write(name, data)
    let database = folder.file(name + ".sqlite")
    _ = try NetworkImporter.importFile(input, displayPath: name, database: database, databaseDisplayPath: database.path)
    return database
}

/// The error an import of `data` throws (or a failed expectation when it succeeds).
func importError(_ data: Data, name: String) -> NetworkImportError? {
    do {
        _ = try importGraph(data, name: name)
        Issue.record("importing \(name) succeeded, expected an error")
        return nil
    } catch let error as NetworkImportError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

/// An edge by OSM ids, for readable expectations.
struct OSMEdge: Equatable, CustomStringConvertible {
    var from: Int64, to: Int64, way: Int64

    var description: String { "\(from)->\(to) w\(way)" }
}

extension RoadGraph {
    /// Every edge by OSM node ids, in graph order.
    var osmEdges: [OSMEdge] {
        sources.indices.map { OSMEdge(from: osmIDs[Int(sources[$0])], to: osmIDs[Int(targets[$0])], way: wayIDs[$0]) }
    }
}
