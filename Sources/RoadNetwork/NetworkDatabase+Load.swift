import Core
import Foundation
import GRDB
import Traffic

/// Reading a network database (schema version 1, written by `ridematch network import`)
/// into a ``RoutingGraph``:
///
///     meta(key, value)                      -- schema_version = '1', min_lat/min_lon/max_lat/max_lon, …
///     nodes(id, osm_id, lat, lon)           -- ids 0..<n
///     edges(id, source, target, length_m, road_class, maxspeed_kmh NULL, osm_way_id)  -- directed
///     class_speeds(road_class, hour_of_week, speed_kmh)                                -- 168 per class
///     edge_times(edge_id, seconds)                      -- optional: the source's own edge times
///     edge_hour_times(edge_id, hour_of_week, seconds)   -- optional: 168 measured times per edge
///
/// The speed of an edge at hour h is min(maxspeed_kmh ?? ∞, class_speeds[class][h]), unless it
/// has measured hourly times, or own times and the scenario asks for them (``RoadMetrics``).
extension NetworkDatabase {
    /// Reads the whole network into memory, validating it.
    /// - Throws: ``TrafficError`` naming `displayPath` for a missing file, a file that is not
    ///   a network database, a different schema version or inconsistent rows.
    public static func load(_ url: URL, displayPath: String) throws -> RoutingGraph {
        func fail(_ message: String, field: String? = nil) -> TrafficError {
            TrafficError(file: displayPath, field: field, message: message)
        }
        guard FileManager.default.fileExists(atPath: url.path) else { throw fail("file not found") }
        var config = Configuration()
        config.readonly = true
        let queue: DatabaseQueue
        do { queue = try DatabaseQueue(path: url.path, configuration: config) } catch {
            throw fail("cannot open as SQLite: \(error)")
        }
        do {
            return try queue.read { db -> RoutingGraph in
                for table in ["meta", "nodes", "edges", "class_speeds"] where try !db.tableExists(table) {
                    throw fail("not a road network database (no table '\(table)')")
                }
                let meta = Dictionary(try Row.fetchAll(db, sql: "SELECT key, value FROM meta").map {
                    (($0["key"] as String?) ?? "", ($0["value"] as String?) ?? "")
                }, uniquingKeysWith: { a, _ in a })
                guard let version = meta["schema_version"] else { throw fail("missing", field: "meta.schema_version") }
                guard version == String(schemaVersion) else {
                    throw fail("unsupported schema version \(version) (expected \(schemaVersion))", field: "meta.schema_version")
                }
                return try readGraph(db, meta: meta, fail: fail)
            }
        } catch let error as TrafficError {
            throw error
        } catch {
            throw fail("not a road network database (\(error))")
        }
    }

    private static func readGraph(
        _ db: Database, meta: [String: String], fail: (String, String?) -> TrafficError
    ) throws -> RoutingGraph {
        var osmIDs: [Int64] = [], coordinates: [GeoPoint] = []
        let nodes = try Row.fetchCursor(db, sql: "SELECT id, osm_id, lat, lon FROM nodes ORDER BY id")
        while let row = try nodes.next() {
            let id: Int64 = row[0]
            guard id == Int64(osmIDs.count) else { throw fail("node ids must be 0..<n in order, found \(id) at \(osmIDs.count)", "nodes.id") }
            let point = GeoPoint(lat: row[2], lon: row[3])
            guard point.isValid else { throw fail("node \(id): invalid coordinates (\(point.lat), \(point.lon))", "nodes") }
            osmIDs.append(row[1])
            coordinates.append(point)
        }
        guard !osmIDs.isEmpty else { throw fail("empty: no nodes", "nodes") }
        var classIndex: [String: UInt8] = [:], classes: [String] = [], speeds: [Double] = []
        var seen: [Int] = []
        let speedRows = try Row.fetchCursor(db, sql: "SELECT road_class, hour_of_week, speed_kmh FROM class_speeds ORDER BY road_class, hour_of_week")
        while let row = try speedRows.next() {
            let name: String = row[0], hour: Int = row[1], kmh: Double = row[2]
            if classIndex[name] == nil {
                guard classes.count < 255 else { throw fail("more than 255 road classes", "class_speeds") }
                classIndex[name] = UInt8(classes.count)
                classes.append(name)
                speeds.append(contentsOf: repeatElement(.nan, count: 168))
                seen.append(0)
            }
            let c = Int(classIndex[name]!)
            guard (0..<168).contains(hour) else { throw fail("\(name): hour_of_week \(hour) out of 0...167", "class_speeds") }
            guard kmh.isFinite, kmh > 0 else { throw fail("\(name) hour \(hour): speed must be > 0, got \(kmh)", "class_speeds") }
            speeds[c * 168 + hour] = kmh
            seen[c] += 1
        }
        for (c, count) in seen.enumerated() where count != 168 {
            throw fail("\(classes[c]): \(count) hours, expected 168", "class_speeds")
        }
        var edges: [(source: Int32, target: Int32, meters: Double, roadClass: UInt8, maxspeedKmh: Double?)] = []
        let n = Int64(osmIDs.count)
        var edgeIDs: [Int64] = []
        let edgeRows = try Row.fetchCursor(db, sql: "SELECT id, source, target, length_m, road_class, maxspeed_kmh FROM edges ORDER BY id")
        while let row = try edgeRows.next() {
            let id: Int64 = row[0], source: Int64 = row[1], target: Int64 = row[2], meters: Double = row[3]
            let name: String = row[4], maxspeed: Double? = row[5]
            guard (0..<n).contains(source), (0..<n).contains(target) else { throw fail("edge \(id): node out of range", "edges") }
            guard meters.isFinite, meters >= 0 else { throw fail("edge \(id): length_m must be >= 0, got \(meters)", "edges") }
            guard let c = classIndex[name] else { throw fail("edge \(id): road class '\(name)' has no speeds", "edges") }
            if let maxspeed, !(maxspeed.isFinite && maxspeed > 0) {
                throw fail("edge \(id): maxspeed_kmh must be > 0, got \(maxspeed)", "edges")
            }
            edges.append((Int32(source), Int32(target), meters, c, maxspeed))
            edgeIDs.append(id)
        }
        guard !edges.isEmpty else { throw fail("empty: no edges", "edges") }
        let dense = edgeIDs.enumerated().allSatisfy { Int64($0.offset) == $0.element }
        let positions = dense ? [:] : Dictionary(edgeIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        func position(_ id: Int64) -> Int? {
            dense ? ((0..<Int64(edgeIDs.count)).contains(id) ? Int(id) : nil) : positions[id]
        }
        var sourceSeconds: [Double?] = []
        if try db.tableExists("edge_times") {
            sourceSeconds = Array(repeating: nil, count: edges.count)
            let rows = try Row.fetchCursor(db, sql: "SELECT edge_id, seconds FROM edge_times ORDER BY edge_id")
            while let row = try rows.next() {
                let id: Int64 = row[0], seconds: Double = row[1]
                guard let e = position(id) else { throw fail("edge \(id): no such edge", "edge_times") }
                guard seconds.isFinite, seconds >= 0 else { throw fail("edge \(id): seconds must be >= 0, got \(seconds)", "edge_times") }
                sourceSeconds[e] = seconds
            }
        }
        var hourly: [Int: [Double]] = [:]
        if try db.tableExists("edge_hour_times") {
            let rows = try Row.fetchCursor(db, sql: "SELECT edge_id, hour_of_week, seconds FROM edge_hour_times ORDER BY edge_id, hour_of_week")
            while let row = try rows.next() {
                let id: Int64 = row[0], hour: Int = row[1], seconds: Double = row[2]
                guard let e = position(id) else { throw fail("edge \(id): no such edge", "edge_hour_times") }
                guard (0..<168).contains(hour) else { throw fail("edge \(id): hour_of_week \(hour) out of 0...167", "edge_hour_times") }
                guard seconds.isFinite, seconds > 0 else { throw fail("edge \(id) hour \(hour): seconds must be > 0, got \(seconds)", "edge_hour_times") }
                hourly[e, default: Array(repeating: .nan, count: 168)][hour] = seconds
            }
            for (e, hours) in hourly.sorted(by: { $0.key < $1.key }) where hours.contains(where: \.isNaN) {
                throw fail("edge \(edgeIDs[e]): \(hours.count { !$0.isNaN }) hours, expected 168", "edge_hour_times")
            }
        }
        var bounds: (Double, Double, Double, Double)?
        if let a = meta["min_lat"].flatMap(Double.init), let b = meta["min_lon"].flatMap(Double.init),
           let c = meta["max_lat"].flatMap(Double.init), let d = meta["max_lon"].flatMap(Double.init) {
            bounds = (a, b, c, d)
        }
        return RoutingGraph(osmIDs: osmIDs, coordinates: coordinates, edges: edges, classes: classes,
                            classSpeedsKmh: speeds, bounds: bounds, sourceSeconds: sourceSeconds, hourlySeconds: hourly)
    }

    /// Writes a routing graph (with its own class speeds) as a schema-version-1 network
    /// database at `url`, replacing it: for tests, benchmarks and generated networks.
    /// `ridematch network import` is the writer for OpenStreetMap extracts.
    public static func write(routing graph: RoutingGraph, to url: URL, source: String) throws {
        try? FileManager.default.removeItem(at: url)
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
                CREATE TABLE nodes(id INTEGER PRIMARY KEY, osm_id INTEGER, lat REAL, lon REAL);
                CREATE TABLE edges(id INTEGER PRIMARY KEY, source INTEGER, target INTEGER, length_m REAL,
                                   road_class TEXT, maxspeed_kmh REAL NULL, osm_way_id INTEGER);
                CREATE TABLE class_speeds(road_class TEXT, hour_of_week INTEGER, speed_kmh REAL,
                                          PRIMARY KEY (road_class, hour_of_week));
                """)
            let b = graph.bounds
            for (key, value) in [("schema_version", String(schemaVersion)), ("source_file", source), ("components", "1"),
                                 ("min_lat", "\(b.minLat)"), ("min_lon", "\(b.minLon)"),
                                 ("max_lat", "\(b.maxLat)"), ("max_lon", "\(b.maxLon)")] {
                try db.execute(sql: "INSERT INTO meta VALUES (?, ?)", arguments: [key, value])
            }
            let node = try db.makeStatement(sql: "INSERT INTO nodes VALUES (?, ?, ?, ?)")
            for v in 0..<graph.nodeCount {
                try node.execute(arguments: [v, graph.osmIDs[v], graph.coordinates[v].lat, graph.coordinates[v].lon])
            }
            let edge = try db.makeStatement(sql: "INSERT INTO edges VALUES (?, ?, ?, ?, ?, ?, ?)")
            for e in 0..<graph.edgeCount {
                let maxspeed: Double? = graph.maxspeedKmh[e].isFinite ? graph.maxspeedKmh[e] : nil
                try edge.execute(arguments: [e, graph.source(ofEdge: e), graph.head[e], graph.lengthMeters[e],
                                             graph.classes[Int(graph.roadClass[e])], maxspeed, e])
            }
            let speed = try db.makeStatement(sql: "INSERT INTO class_speeds VALUES (?, ?, ?)")
            for (c, name) in graph.classes.enumerated() {
                for h in 0..<168 { try speed.execute(arguments: [name, h, graph.classSpeedsKmh[c * 168 + h]]) }
            }
        }
    }
}
