import Foundation
import GRDB

/// The SQLite road-network database written by `ridematch network import`.
///
/// Schema (version 1):
///
///     meta(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)
///     nodes(id INTEGER PRIMARY KEY NOT NULL, osm_id INTEGER NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL)
///     edges(id INTEGER PRIMARY KEY NOT NULL, source INTEGER NOT NULL, target INTEGER NOT NULL,
///           length_m REAL NOT NULL, road_class TEXT NOT NULL, maxspeed_kmh REAL, osm_way_id INTEGER NOT NULL)
///     edges_source ON edges(source)
///     class_speeds(road_class TEXT NOT NULL, hour_of_week INTEGER NOT NULL, speed_kmh REAL NOT NULL,
///                  PRIMARY KEY(road_class, hour_of_week)) WITHOUT ROWID
///     edge_times(edge_id INTEGER PRIMARY KEY NOT NULL, seconds REAL NOT NULL)      -- optional
///     edge_hour_times(edge_id INTEGER NOT NULL, hour_of_week INTEGER NOT NULL, seconds REAL NOT NULL,
///                     PRIMARY KEY(edge_id, hour_of_week)) WITHOUT ROWID             -- optional
///
/// `edge_times` holds the travel time an OSMnx graph gives an edge (`travel_time`, or length ÷
/// `speed_kph`), written only when some edge has one; `edge_hour_times` holds measured times
/// per edge and hour of week (`ridematch network speeds import`), written only when imported.
///
/// Node ids are dense 0..<n in ascending OSM id order; edge ids dense 0..<m in ascending
/// (source, target, osm_way_id) order. No timestamps: importing the same file twice gives
/// byte-identical databases.
public enum NetworkDatabase {
    /// The schema version written to `meta`.
    public static let schemaVersion = 1

    /// What the file was read as.
    public enum SourceFormat: String, Sendable {
        /// OpenStreetMap PBF.
        case pbf
        /// OpenStreetMap XML.
        case xml
        /// OSMnx/networkx GraphML.
        case graphml
        /// networkx node-link JSON.
        case nodeLinkJSON = "node_link_json"
    }

    /// Writes `graph` and the default class speeds into a new database at `database` (which
    /// must not exist: the caller writes a temporary file and renames it), then vacuums it.
    /// - Throws: ``NetworkImportError`` naming `displayPath` when SQLite fails.
    public static func write(_ graph: RoadGraph, sourceFile: String, format: SourceFormat,
                             to database: URL, displayPath: String) throws {
        do {
            let queue = try DatabaseQueue(path: database.path)
            try queue.write { db in
                try db.execute(sql: """
                    CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                    CREATE TABLE nodes(id INTEGER PRIMARY KEY NOT NULL, osm_id INTEGER NOT NULL,
                                       lat REAL NOT NULL, lon REAL NOT NULL);
                    CREATE TABLE edges(id INTEGER PRIMARY KEY NOT NULL, source INTEGER NOT NULL, target INTEGER NOT NULL,
                                       length_m REAL NOT NULL, road_class TEXT NOT NULL, maxspeed_kmh REAL,
                                       osm_way_id INTEGER NOT NULL);
                    CREATE TABLE class_speeds(road_class TEXT NOT NULL, hour_of_week INTEGER NOT NULL,
                                              speed_kmh REAL NOT NULL,
                                              PRIMARY KEY(road_class, hour_of_week)) WITHOUT ROWID;
                    """)
                let insertMeta = try db.makeStatement(sql: "INSERT INTO meta(key, value) VALUES (?, ?)")
                for (key, value) in meta(graph, sourceFile: sourceFile, format: format) {
                    try insertMeta.execute(arguments: [key, value])
                }
                let insertNode = try db.makeStatement(sql: "INSERT INTO nodes(id, osm_id, lat, lon) VALUES (?, ?, ?, ?)")
                for (id, osmID) in graph.osmIDs.enumerated() {
                    let c = graph.coordinates[id]
                    try insertNode.execute(arguments: [id, osmID, c.latDegrees, c.lonDegrees])
                }
                let insertEdge = try db.makeStatement(sql: """
                    INSERT INTO edges(id, source, target, length_m, road_class, maxspeed_kmh, osm_way_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
                for id in graph.sources.indices {
                    try insertEdge.execute(arguments: [
                        id, Int(graph.sources[id]), Int(graph.targets[id]), graph.lengths[id],
                        DrivableFilter.roadClasses[Int(graph.classes[id])], graph.maxspeeds[id], graph.wayIDs[id],
                    ])
                }
                try db.execute(sql: "CREATE INDEX edges_source ON edges(source)")
                if graph.sourceSeconds.contains(where: { $0 != nil }) {
                    try db.execute(sql: "CREATE TABLE edge_times(edge_id INTEGER PRIMARY KEY NOT NULL, seconds REAL NOT NULL)")
                    let insertTime = try db.makeStatement(sql: "INSERT INTO edge_times(edge_id, seconds) VALUES (?, ?)")
                    for (id, seconds) in graph.sourceSeconds.enumerated() {
                        if let seconds { try insertTime.execute(arguments: [id, seconds]) }
                    }
                }
                let insertSpeed = try db.makeStatement(
                    sql: "INSERT INTO class_speeds(road_class, hour_of_week, speed_kmh) VALUES (?, ?, ?)")
                for roadClass in Set(graph.classes).sorted().map({ DrivableFilter.roadClasses[Int($0)] }) {
                    for hour in 0..<168 {
                        try insertSpeed.execute(arguments: [roadClass, hour, DefaultSpeeds.speedKmh(roadClass, hourOfWeek: hour)!])
                    }
                }
            }
            try queue.vacuum()
            try queue.close()
        } catch let error as DatabaseError {
            throw NetworkImportError(file: displayPath, message: "cannot write: \(error.message ?? "\(error.resultCode)")")
        }
    }

    /// The `meta` rows, in key order.
    static func meta(_ graph: RoadGraph, sourceFile: String, format: SourceFormat) -> [(String, String)] {
        let s = graph.statistics
        var rows: [(String, String)] = [
            ("schema_version", String(schemaVersion)), ("source_file", sourceFile), ("source_format", format.rawValue),
            ("self_loops_dropped", "\(s.selfLoopsDropped)"), ("parallel_edges_dropped", "\(s.parallelEdgesDropped)"),
            ("nodes_in_graph_before_scc", "\(s.nodesBeforeSCC)"), ("edges_before_scc", "\(s.edgesBeforeSCC)"),
            ("components", "\(s.components)"), ("dropped_nodes", "\(s.droppedNodes)"), ("dropped_edges", "\(s.droppedEdges)"),
        ]
        switch format {
        case .pbf, .xml:
            rows += [("ways_read", "\(s.waysRead)"), ("ways_drivable", "\(s.waysDrivable)"),
                     ("missing_nodes", "\(s.missingNodes)"), ("cut_segments", "\(s.cutSegments)")]
        case .graphml, .nodeLinkJSON:
            rows += [("nodes_read", "\(s.nodesRead)"), ("edges_read", "\(s.edgesRead)"),
                     ("lengths_from_coordinates", "\(s.lengthsFromCoordinates)"),
                     ("default_class_edges", "\(s.defaultClassEdges)"),
                     ("edges_with_times", "\(graph.sourceSeconds.count { $0 != nil })")]
        }
        let lats = graph.coordinates.map(\.lat), lons = graph.coordinates.map(\.lon)
        if let minLat = lats.min(), let maxLat = lats.max(), let minLon = lons.min(), let maxLon = lons.max() {
            rows += [("min_lat", degrees(minLat)), ("min_lon", degrees(minLon)),
                     ("max_lat", degrees(maxLat)), ("max_lon", degrees(maxLon))]
        }
        return rows.sorted { $0.0 < $1.0 }
    }

    /// A fixed-point coordinate as exact decimal text: 437384000 -> `43.7384000`.
    static func degrees(_ fixed: Int64) -> String {
        let sign = fixed < 0 ? "-" : ""
        let magnitude = fixed.magnitude
        let fraction = String(magnitude % 10_000_000)
        return "\(sign)\(magnitude / 10_000_000).\(String(repeating: "0", count: 7 - fraction.count))\(fraction)"
    }
}
