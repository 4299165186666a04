import Foundation

/// `ridematch network import`: reads an OpenStreetMap extract (PBF or XML) and keeps its
/// drivable ways, or an OSMnx graph (GraphML or networkx node-link JSON) and keeps its edges,
/// then writes the routable road graph. The format is told apart by the first bytes.
public enum NetworkImporter {
    /// Reads `input` and returns its routable road graph and the format it was read as.
    /// - Parameter displayPath: the path as the user gave it, used in error messages.
    /// - Throws: ``NetworkImportError``: missing or unreadable file, not a road network file,
    ///   corrupt or truncated PBF, malformed XML or JSON, bad node or edge values, no drivable ways.
    public static func read(_ input: URL, displayPath: String) throws -> (graph: RoadGraph, format: NetworkDatabase.SourceFormat) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input.path, isDirectory: &isDirectory) else {
            throw NetworkImportError(file: displayPath, message: "file not found")
        }
        guard !isDirectory.boolValue else {
            throw NetworkImportError(file: displayPath, message: "is a directory, expected a road network file (.osm.pbf, .osm, .graphml or .json)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: input, options: .mappedIfSafe)
        } catch {
            throw NetworkImportError(file: displayPath, message: "cannot read: \(error.localizedDescription)")
        }
        return try read(data: data, displayPath: displayPath)
    }

    /// Reads the bytes of an OSM extract (see ``read(_:displayPath:)``).
    static func read(data: Data, displayPath: String) throws -> (graph: RoadGraph, format: NetworkDatabase.SourceFormat) {
        let format = try detectFormat(data, displayPath: displayPath)
        switch format {
        case .pbf: return (try build(from: OSMPBFReader(data: data, displayPath: displayPath), displayPath: displayPath), format)
        case .xml: return (try build(from: OSMXMLReader(data: data, displayPath: displayPath), displayPath: displayPath), format)
        case .graphml: return (try OSMnxBuilder.build(GraphMLReader.read(data: data, displayPath: displayPath), displayPath: displayPath), format)
        case .nodeLinkJSON:
            return (try OSMnxBuilder.build(NodeLinkJSONReader.read(data: data, displayPath: displayPath), displayPath: displayPath), format)
        }
    }

    /// Reads `input` and writes its network database to `database` (a new file).
    /// - Returns: the graph written.
    public static func importFile(_ input: URL, displayPath: String, database: URL,
                                  databaseDisplayPath: String) throws -> RoadGraph {
        let (graph, format) = try read(input, displayPath: displayPath)
        try NetworkDatabase.write(graph, sourceFile: input.lastPathComponent, format: format,
                                  to: database, displayPath: databaseDisplayPath)
        return graph
    }

    /// Runs the two passes over `source` and builds the graph.
    static func build(from source: OSMElementSource, displayPath: String) throws -> RoadGraph {
        var builder = NetworkBuilder()
        try source.forEachWay { id, refs, tags in builder.addWay(id: id, refs: refs, tags: tags) }
        guard builder.hasDrivableWays else {
            let classes = "highway=\(DrivableFilter.roadClasses.first!)…\(DrivableFilter.roadClasses.last!)"
            throw NetworkImportError(file: displayPath, message: "no drivable ways (\(classes))")
        }
        builder.finishWays()
        try source.forEachNode { id, coordinate in builder.addNode(id: id, coordinate: coordinate) }
        let graph = builder.build()
        guard !graph.osmIDs.isEmpty else {
            let s = graph.statistics
            throw NetworkImportError(file: displayPath, message:
                "no road left: \(s.waysDrivable) drivable ways but none has two consecutive nodes in the file "
                + "(\(s.missingNodes) nodes missing)")
        }
        return graph
    }

    /// XML when the first non-blank byte (after any UTF-8 byte-order mark) is `<` (GraphML when
    /// a `<graphml` element opens in the first 4 KiB), node-link JSON when it is `{`; PBF when
    /// the file starts with a 4-byte length and a blob header of type `OSMHeader`.
    static func detectFormat(_ data: Data, displayPath: String) throws -> NetworkDatabase.SourceFormat {
        guard !data.isEmpty else { throw NetworkImportError(file: displayPath, message: "empty file, not a road network file") }
        var bytes = data.prefix(64)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let first = bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) })
        if first == UInt8(ascii: "<") {
            let head = String(decoding: data.prefix(4096), as: UTF8.self)
            return head.contains("<graphml") ? .graphml : .xml
        }
        if first == UInt8(ascii: "{") { return .nodeLinkJSON }
        if OSMPBFReader.looksLikePBF(data) { return .pbf }
        if data.starts(with: [0x1F, 0x8B]) || data.starts(with: Array("BZh".utf8)) {
            throw NetworkImportError(file: displayPath, message: "not an OSM file (gzip/bzip2 compressed: decompress it first)")
        }
        throw NetworkImportError(file: displayPath, message: "not a road network file (neither OSM PBF, OSM XML, OSMnx GraphML nor node-link JSON)")
    }
}
