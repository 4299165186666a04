import Core
import Foundation
import GRDB

/// What ``TrafficDatabase/importSpeeds(csv:csvDisplayPath:database:)`` wrote.
public struct ImportSummary: Sendable, Equatable {
    /// Number of zones imported.
    public var zoneCount: Int
    /// Number of speed rows imported (168 per zone).
    public var rowCount: Int

    /// Creates a summary.
    public init(zoneCount: Int, rowCount: Int) {
        self.zoneCount = zoneCount
        self.rowCount = rowCount
    }
}

/// The SQLite traffic database: historical speeds by zone and hour of week.
///
/// Schema (version 1):
///
///     zones(zone_id INTEGER PRIMARY KEY, lat REAL NOT NULL, lon REAL NOT NULL)
///     speeds(zone_id INTEGER NOT NULL REFERENCES zones(zone_id),
///            hour_of_week INTEGER NOT NULL CHECK (hour_of_week BETWEEN 0 AND 167),
///            speed_kmh REAL NOT NULL CHECK (speed_kmh > 0),
///            PRIMARY KEY (zone_id, hour_of_week)) WITHOUT ROWID
///     meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)   -- schema_version = 1, source = CSV file name
public enum TrafficDatabase {
    /// The schema version written to and expected in `meta`.
    public static let schemaVersion = 1

    /// Reads and validates the speeds CSV at `csv` completely, then creates (or replaces) the
    /// schema in `database` and writes every row, in one transaction.
    ///
    /// Every row is checked; each zone must have all 168 hours, one row per (zone, hour), and
    /// the same lat/lon on all its rows. Nothing is written when the CSV is bad. The caller
    /// wanting an all-or-nothing file should import into a temporary file and rename it.
    /// - Parameters:
    ///   - csvDisplayPath: the CSV path as the user gave it, used in error messages.
    /// - Throws: ``TrafficError`` for a bad CSV or a database that cannot be written.
    public static func importSpeeds(csv: URL, csvDisplayPath: String, database: URL) throws -> ImportSummary {
        let (table, rows) = try SpeedsCSV.read(csv, displayPath: csvDisplayPath)
        do {
            let queue = try DatabaseQueue(path: database.path)
            try queue.write { db in
                try db.execute(sql: """
                    DROP TABLE IF EXISTS speeds;
                    DROP TABLE IF EXISTS zones;
                    DROP TABLE IF EXISTS meta;
                    CREATE TABLE zones(zone_id INTEGER PRIMARY KEY, lat REAL NOT NULL, lon REAL NOT NULL);
                    CREATE TABLE speeds(
                        zone_id INTEGER NOT NULL REFERENCES zones(zone_id),
                        hour_of_week INTEGER NOT NULL CHECK (hour_of_week BETWEEN 0 AND 167),
                        speed_kmh REAL NOT NULL CHECK (speed_kmh > 0),
                        PRIMARY KEY (zone_id, hour_of_week)) WITHOUT ROWID;
                    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    """)
                try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('schema_version', ?), ('source', ?)",
                               arguments: [String(schemaVersion), csv.lastPathComponent])
                let insertZone = try db.makeStatement(sql: "INSERT INTO zones(zone_id, lat, lon) VALUES (?, ?, ?)")
                let insertSpeed = try db.makeStatement(
                    sql: "INSERT INTO speeds(zone_id, hour_of_week, speed_kmh) VALUES (?, ?, ?)")
                for (index, zone) in table.zones.enumerated() {
                    try insertZone.execute(arguments: [zone.id, zone.center.lat, zone.center.lon])
                    for hour in 0..<TrafficTable.hoursPerWeek {
                        try insertSpeed.execute(arguments: [zone.id, hour, table.speedKmh(zoneIndex: index, hourOfWeek: hour)])
                    }
                }
            }
            try queue.close()
        } catch let error as DatabaseError {
            throw TrafficError(file: database.path, message: "cannot write: \(error.message ?? "\(error.resultCode)")")
        }
        return ImportSummary(zoneCount: table.zones.count, rowCount: rows)
    }

    /// Opens the database read-only (never creating it), validates it and reads every zone and
    /// speed into memory.
    /// - Parameter displayPath: the path as the user gave it, used in error messages.
    /// - Throws: ``TrafficError``: file not found, not a database, not a ridematch traffic
    ///   database, no zones, bad values, a zone missing hours.
    public static func load(_ database: URL, displayPath: String) throws -> TrafficTable {
        try read(database, displayPath: displayPath) { db in
            try readTable(db, file: displayPath)
        }
    }

    /// Opens `database` read-only, checks the schema and runs `body` in one read transaction.
    static func read<T>(_ database: URL, displayPath file: String, _ body: (Database) throws -> T) throws -> T {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: database.path, isDirectory: &isDirectory) else {
            throw TrafficError(file: file, message: "file not found")
        }
        guard !isDirectory.boolValue else { throw TrafficError(file: file, message: "is a directory, expected a SQLite file") }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: database.path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                try checkSchema(db, file: file)
                return try body(db)
            }
        } catch let error as DatabaseError {
            let reason = error.message ?? "\(error.resultCode)"
            throw TrafficError(file: file, message: "cannot open: \(reason)")
        }
    }

    /// Throws unless the database has the version-1 tables and columns.
    private static func checkSchema(_ db: Database, file: String) throws {
        let expected: [(table: String, columns: [String])] = [
            ("speeds", ["zone_id", "hour_of_week", "speed_kmh"]),
            ("zones", ["zone_id", "lat", "lon"]),
            ("meta", ["key", "value"]),
        ]
        for (table, columns) in expected {
            guard try db.tableExists(table) else {
                throw TrafficError(file: file, message: "not a ridematch traffic database (no table '\(table)')")
            }
            let present = Set(try db.columns(in: table).map { $0.name.lowercased() })
            if let missing = columns.first(where: { !present.contains($0) }) {
                throw TrafficError(file: file, message: "not a ridematch traffic database (table '\(table)' has no column '\(missing)')")
            }
        }
        let version = try String.fetchOne(db, sql: "SELECT CAST(value AS TEXT) FROM meta WHERE key = 'schema_version'")
        guard version == String(schemaVersion) else {
            let got = version.map { "'\($0)'" } ?? "none"
            throw TrafficError(file: file, field: "meta.schema_version", message: "expected \(schemaVersion), got \(got)")
        }
    }

    /// Reads and validates every zone and speed.
    static func readTable(_ db: Database, file: String) throws -> TrafficTable {
        var assembler = TableAssembler(file: file)
        let zones = try Row.fetchCursor(db, sql: "SELECT zone_id, lat, lon FROM zones ORDER BY zone_id")
        while let row = try zones.next() {
            guard let id = integer(row[0]) else {
                throw TrafficError(file: file, field: "zones.zone_id", message: "must be an integer, got \(show(row[0]))")
            }
            let center = GeoPoint(lat: number(row[1]) ?? .nan, lon: number(row[2]) ?? .nan)
            guard center.isValid else {
                throw TrafficError(file: file, field: "zone \(id)",
                                   message: "invalid centre (lat \(show(row[1])), lon \(show(row[2])))")
            }
            guard assembler.zone(id) == nil else {
                throw TrafficError(file: file, field: "zone \(id)", message: "duplicate zone id")
            }
            assembler.addZone(id: id, center: center, line: 0)
        }
        let speeds = try Row.fetchCursor(db, sql: "SELECT zone_id, hour_of_week, speed_kmh FROM speeds")
        while let row = try speeds.next() {
            guard let id = integer(row[0]), assembler.zone(id) != nil else {
                throw TrafficError(file: file, field: "speeds.zone_id",
                                   message: "zone \(show(row[0])) is not in table 'zones'")
            }
            guard let hour = integer(row[1]), (0..<TrafficTable.hoursPerWeek).contains(hour) else {
                throw TrafficError(file: file, field: "zone \(id)", message: "hour_of_week must be 0-167, got \(show(row[1]))")
            }
            guard let speed = number(row[2]), speed.isFinite, speed > 0 else {
                throw TrafficError(file: file, field: "zone \(id)",
                                   message: "hour \(hour): speed_kmh must be a number > 0, got \(show(row[2]))")
            }
            guard speed <= TrafficTable.speedLimitKmh else {
                throw TrafficError(file: file, field: "zone \(id)",
                                   message: "hour \(hour): speed_kmh " + TrafficTable.speedLimitMessage(show(row[2])))
            }
            if assembler.addSpeed(zone: id, hour: hour, speedKmh: speed, line: 0) != nil {
                throw TrafficError(file: file, field: "zone \(id)", message: "duplicate rows for hour \(hour)")
            }
        }
        return try assembler.finish()
    }

    private static func integer(_ value: DatabaseValue) -> Int? {
        switch value.storage {
        case .int64(let v): return Int(exactly: v)
        case .double(let v): return Int(exactly: v)
        default: return nil
        }
    }

    private static func number(_ value: DatabaseValue) -> Double? {
        switch value.storage {
        case .int64(let v): return Double(v)
        case .double(let v): return v
        default: return nil
        }
    }

    private static func show(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "NULL"
        case .int64(let v): return "\(v)"
        case .double(let v): return "\(v)"
        case .string(let v): return "'\(v)'"
        case .blob(let v): return "a \(v.count)-byte blob"
        }
    }
}

extension TrafficDatabase {
    /// Runs SQL statements against a database file (creating it if needed). Not public: the
    /// tests use it (through `@testable import`) to craft damaged databases.
    static func execute(_ sql: String, in database: URL) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false  // damage is the point
        let queue = try DatabaseQueue(path: database.path, configuration: configuration)
        try queue.write { db in try db.execute(sql: sql) }
        try queue.close()
    }
}
