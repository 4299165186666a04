import Core
import Foundation
import GRDB
import Traffic

/// `ridematch network speeds import`: measured travel times per edge and hour of week (the
/// form Uber Movement published: speeds per OSM segment and hour), from a CSV file with
/// columns `u, v, hour_of_week` and `seconds` or `speed_kmh`, into a network database's
/// `edge_hour_times` table (replacing what it held).
///
/// `u` and `v` are node ids as in the network's source (`network route` prints them); hour 0
/// is Monday 00:00–01:00 local time at the file's UTC offset (`--utc-offset`, whole hours;
/// default UTC). The database keeps UTC hours, as `class_speeds` and the traffic tables do, so
/// local hour h is stored at UTC hour h − offset (modulo the week). Every edge listed needs all
/// 168 hours; edges not listed keep their class (or own) speeds.
public enum EdgeHourTimes {
    /// One parsed row: the edge (database id), the hour of week and the seconds.
    public struct Row: Sendable, Equatable {
        /// Edge id in the network database.
        public var edge: Int
        /// Hour of week, 0…167.
        public var hour: Int
        /// Travel time, seconds (> 0).
        public var seconds: Double
    }

    /// What an import wrote.
    public struct Summary: Sendable, Equatable {
        /// Data rows read.
        public var rows: Int
        /// Edges given hourly times.
        public var edges: Int
        /// Edges in the network.
        public var networkEdges: Int
    }

    /// One network edge as the CSV names it.
    struct EdgeKey: Hashable { var u: Int64, v: Int64 }

    /// Parses `data` against the network's edges (`edges[(u, v)] = (id, length)`); the file's
    /// hours are local at `utcOffsetHours` and come back as UTC hours of week.
    /// - Throws: ``TrafficError`` naming `file`, the line and the column.
    static func parse(_ data: Data, displayPath file: String, edges: [EdgeKey: (id: Int, meters: Double)],
                      utcOffsetHours: Int = 0) throws -> [Row] {
        var reader = try CSVRows(data, file: file, expected: "u, v, hour_of_week, seconds (or speed_kmh)")
        let header = reader.header
        let timeColumn = header.contains("seconds") ? "seconds" : "speed_kmh"
        if header.contains("seconds") && header.contains("speed_kmh") {
            throw TrafficError(file: file, line: 1, field: "header", message: "give seconds or speed_kmh, not both")
        }
        let positions = try reader.positions(of: ["u", "v", "hour_of_week", timeColumn])
        var rows: [Row] = []
        var firstLine: [Int: Int] = [:]  // edge * 168 + hour → line
        var hoursOfEdge: [Int: (count: Int, line: Int, key: EdgeKey)] = [:]
        while let row = try reader.next() {
            let line = reader.line
            func field(_ name: String) -> String { row[positions[name]!] }
            var ends: [Int64] = []
            for name in ["u", "v"] {
                guard let id = Int64(field(name)) else {
                    throw TrafficError(file: file, line: line, field: name, message: "must be an integer node id, got '\(field(name))'")
                }
                ends.append(id)
            }
            let key = EdgeKey(u: ends[0], v: ends[1])
            guard let edge = edges[key] else {
                throw TrafficError(file: file, line: line, field: "v", message: "the network has no edge \(key.u)→\(key.v)")
            }
            let hour = try CSVText.parseInt(field("hour_of_week"), file: file, line: line, column: "hour_of_week",
                                            range: 0...167, expectation: "must be an integer 0-167")
            let value = try CSVText.parseDouble(field(timeColumn), file: file, line: line, column: timeColumn,
                                                valid: { $0 > 0 }, expectation: "must be a number > 0")
            if timeColumn == "speed_kmh", value > TrafficTable.speedLimitKmh {
                throw TrafficError(file: file, line: line, field: "speed_kmh", message: TrafficTable.speedLimitMessage("'\(field(timeColumn))'"))
            }
            if let first = firstLine.updateValue(line, forKey: edge.id * 168 + hour) {
                throw TrafficError(file: file, line: line, field: "hour_of_week",
                                   message: "duplicate row for edge \(key.u)→\(key.v) hour \(hour) (first on line \(first))")
            }
            let seconds = timeColumn == "seconds" ? value : max(edge.meters, 0.001) * 3.6 / value
            let utcHour = ((hour - utcOffsetHours) % 168 + 168) % 168
            rows.append(Row(edge: edge.id, hour: utcHour, seconds: seconds))
            hoursOfEdge[edge.id, default: (0, line, key)].count += 1
        }
        guard !rows.isEmpty else { throw TrafficError(file: file, message: "no data rows after the header") }
        if let (_, short) = hoursOfEdge.filter({ $0.value.count != 168 }).min(by: { $0.value.line < $1.value.line }) {
            throw TrafficError(file: file, line: short.line, field: "hour_of_week",
                               message: "edge \(short.key.u)→\(short.key.v) has \(short.count) of 168 hours (every edge listed needs all 168)")
        }
        return rows.sorted { ($0.edge, $0.hour) < ($1.edge, $1.hour) }
    }

    /// Reads `csv` (hours local at `utcOffsetHours`) and writes its times into the network
    /// database `database` (a copy the caller renames over the original), replacing its
    /// `edge_hour_times`, then vacuums it. The network is loaded once, to check it.
    /// - Throws: ``TrafficError`` for a bad network database or CSV row.
    public static func importFile(_ csv: URL, displayPath: String, database: URL, databaseDisplayPath: String,
                                  utcOffsetHours: Int = 0) throws -> Summary {
        _ = try NetworkDatabase.load(database, displayPath: databaseDisplayPath)  // a valid network
        let queue = try DatabaseQueue(path: database.path)
        defer { try? queue.close() }
        let edges = try queue.read { db in
            var edges: [EdgeKey: (id: Int, meters: Double)] = [:]
            let rows = try GRDB.Row.fetchCursor(db, sql: """
                SELECT e.id, a.osm_id, b.osm_id, e.length_m FROM edges e
                JOIN nodes a ON a.id = e.source JOIN nodes b ON b.id = e.target ORDER BY e.id
                """)
            while let row = try rows.next() { edges[EdgeKey(u: row[1], v: row[2])] = (row[0], row[3]) }
            return edges
        }
        let rows = try parse(CSVText.readFile(csv, displayPath: displayPath), displayPath: displayPath, edges: edges,
                             utcOffsetHours: utcOffsetHours)
        try queue.write { db in
            try db.execute(sql: """
                DROP TABLE IF EXISTS edge_hour_times;
                CREATE TABLE edge_hour_times(edge_id INTEGER NOT NULL, hour_of_week INTEGER NOT NULL, seconds REAL NOT NULL,
                                             PRIMARY KEY(edge_id, hour_of_week)) WITHOUT ROWID;
                """)
            let insert = try db.makeStatement(sql: "INSERT INTO edge_hour_times(edge_id, hour_of_week, seconds) VALUES (?, ?, ?)")
            for row in rows { try insert.execute(arguments: [row.edge, row.hour, row.seconds]) }
        }
        try queue.vacuum()
        return Summary(rows: rows.count, edges: rows.count / 168, networkEdges: edges.count)
    }
}
