import Foundation
import GRDB

/// A summary of a network database, as `ridematch network show` prints it.
public struct NetworkSummary: Sendable, Equatable, Codable {
    /// Length and edge count of one road class.
    public struct ClassTotal: Sendable, Equatable, Codable {
        /// The road class (`highway` value).
        public var roadClass: String
        /// Directed edges of the class.
        public var edges: Int
        /// Total length of those edges in km (a two-way street counts twice).
        public var km: Double
    }

    /// The database as the user named it.
    public var file: String
    /// Every `meta` row.
    public var meta: [String: String]
    /// Nodes in the routable graph.
    public var nodes: Int
    /// Directed edges in the routable graph.
    public var edges: Int
    /// Total directed edge length in km.
    public var km: Double
    /// Per road class, longest first.
    public var classes: [ClassTotal]
    /// Edges with a `maxspeed` limit.
    public var edgesWithMaxspeed: Int
    /// Road classes with speeds in `class_speeds`.
    public var speedClasses: Int
    /// Edges with a travel time of their own (`edge_times`), when the table exists.
    public var edgesWithTimes: Int?
    /// Edges with measured times per hour of week (`edge_hour_times`), when the table exists.
    public var edgesWithHourlyTimes: Int?

    /// Reads the summary of the database at `database`, opened read-only.
    /// - Throws: ``NetworkImportError``: missing file, not SQLite, not a ridematch network database.
    public static func read(_ database: URL, displayPath file: String) throws -> NetworkSummary {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: database.path, isDirectory: &isDirectory) else {
            throw NetworkImportError(file: file, message: "file not found")
        }
        guard !isDirectory.boolValue else { throw NetworkImportError(file: file, message: "is a directory, expected a SQLite file") }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: database.path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                for table in ["meta", "nodes", "edges", "class_speeds"] where try !db.tableExists(table) {
                    throw NetworkImportError(file: file, message: "not a ridematch network database (no table '\(table)')")
                }
                let meta = Dictionary(try Row.fetchAll(db, sql: "SELECT key, value FROM meta").map { ($0[0] as String, $0[1] as String) },
                                      uniquingKeysWith: { first, _ in first })
                guard meta["schema_version"] == String(NetworkDatabase.schemaVersion) else {
                    throw NetworkImportError(file: file, field: "meta.schema_version",
                                             message: "expected \(NetworkDatabase.schemaVersion), got \(meta["schema_version"].map { "'\($0)'" } ?? "none")")
                }
                let classes = try Row.fetchAll(db, sql: """
                    SELECT road_class, COUNT(*), SUM(length_m) FROM edges GROUP BY road_class ORDER BY SUM(length_m) DESC, road_class
                    """).map { ClassTotal(roadClass: $0[0], edges: $0[1], km: (($0[2] as Double) / 10).rounded() / 100) }
                return NetworkSummary(
                    file: file, meta: meta,
                    nodes: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM nodes") ?? 0,
                    edges: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM edges") ?? 0,
                    km: ((try Double.fetchOne(db, sql: "SELECT TOTAL(length_m) FROM edges") ?? 0) / 10).rounded() / 100,
                    classes: classes,
                    edgesWithMaxspeed: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM edges WHERE maxspeed_kmh IS NOT NULL") ?? 0,
                    speedClasses: try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT road_class) FROM class_speeds") ?? 0,
                    edgesWithTimes: try db.tableExists("edge_times")
                        ? try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM edge_times") : nil,
                    edgesWithHourlyTimes: try db.tableExists("edge_hour_times")
                        ? try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT edge_id) FROM edge_hour_times") : nil)
            }
        } catch let error as DatabaseError {
            throw NetworkImportError(file: file, message: "cannot open: \(error.message ?? "\(error.resultCode)")")
        }
    }

    /// The readable multi-line summary.
    public var text: String {
        let m = { (key: String) in meta[key] ?? "?" }
        let osmnx = meta["nodes_read"] != nil
        var lines = [
            "\(file): road network from \(m("source_file")) (\(m("source_format")))",
            osmnx ? "  read:       \(m("nodes_read")) nodes, \(m("edges_read")) edges"
                : "  ways:       \(m("ways_read")) read, \(m("ways_drivable")) drivable",
            "  graph:      \(nodes) nodes, \(edges) directed edges, \(String(format: "%.2f", km)) km",
            "  components: \(m("components")) strongly connected; kept the largest, dropped \(m("dropped_nodes")) nodes and \(m("dropped_edges")) edges (of \(m("nodes_in_graph_before_scc")) nodes, \(m("edges_before_scc")) edges)",
            osmnx ? "  dropped:    \(m("self_loops_dropped")) self-loops, \(m("parallel_edges_dropped")) parallel edges; defaults: \(m("lengths_from_coordinates")) lengths from coordinates, \(m("default_class_edges")) edges of class \(OSMnxDefaults.roadClass)"
                : "  dropped:    \(m("missing_nodes")) nodes missing from the extract (\(m("cut_segments")) segments cut), \(m("self_loops_dropped")) self-loops, \(m("parallel_edges_dropped")) parallel edges",
            "  bbox:       lat \(m("min_lat"))…\(m("max_lat")), lon \(m("min_lon"))…\(m("max_lon"))",
            "  maxspeed:   \(edgesWithMaxspeed) of \(edges) edges; class speeds for \(speedClasses) classes × 168 hours",
        ]
        if let edgesWithTimes { lines.append("  own times:  \(edgesWithTimes) of \(edges) edges (travel_time from the source)") }
        if let edgesWithHourlyTimes { lines.append("  hourly:     \(edgesWithHourlyTimes) of \(edges) edges with measured times by hour of week") }
        lines.append("  by class:   edges        km")
        for total in classes {
            lines.append("    \(total.roadClass.padding(toLength: 15, withPad: " ", startingAt: 0))"
                + "\(String(total.edges).leftPadded(7))  \(String(format: "%8.2f", total.km))")
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// The string right-aligned in `width` characters.
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
