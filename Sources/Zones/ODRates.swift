import Core
import Foundation
import GRDB

/// Zone-to-zone demand of one weekday from an OD database (`demand.od`, schema version 1,
/// written by data/make_manhattan.py and described in data/README.md):
///
///     meta(key TEXT PRIMARY KEY, value TEXT)              -- schema_version = 1
///     zones(position INTEGER PRIMARY KEY, zone_id INTEGER NOT NULL UNIQUE)
///     od_trips(weekday INTEGER, slot INTEGER, pickup_zone INTEGER, dropoff_trips BLOB,
///              PRIMARY KEY (weekday, slot, pickup_zone)) WITHOUT ROWID
///
/// `weekday` 0 = Monday … 4 = Friday; `slot` the 15-minute slot of the local day (0…95);
/// `dropoff_trips` the trips from `pickup_zone` to every zone, 2 bytes each (unsigned,
/// little-endian) in `zones.position` order. Loaded once into memory: per slot, the trips
/// and a cumulative table over (pickup, drop-off) pairs for drawing by binary search.
public struct ODRates: Sendable {
    /// Slots per day (15 minutes each).
    public static let slotsPerDay = 96
    /// The schema version this reader accepts.
    public static let schemaVersion = 1
    /// Weekday names, 0 = Monday.
    public static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// The weekday loaded (0 = Monday).
    public let weekday: Int
    /// Zone ids in the database's `zones` order (pair `p` is pickup `p / n`, drop-off `p % n`).
    public let zoneIDs: [Int]
    /// Trips per slot of the day.
    public let slotTrips: [Int]
    /// Per slot: cumulative trips over the n × n (pickup, drop-off) pairs.
    private let cumulative: [[UInt32]]

    /// Trips of the whole day.
    public var dayTrips: Int { slotTrips.reduce(0, +) }

    /// Trips recorded in `slot` from zone `pickup` to zone `dropoff` (ids).
    public func trips(slot: Int, pickup: Int, dropoff: Int) -> Int {
        guard let p = zoneIDs.firstIndex(of: pickup), let d = zoneIDs.firstIndex(of: dropoff) else { return 0 }
        let i = p * zoneIDs.count + d
        let row = cumulative[slot]
        guard !row.isEmpty else { return 0 }
        return Int(row[i]) - (i > 0 ? Int(row[i - 1]) : 0)
    }

    /// Trips recorded in `slot` from each pickup zone (in ``zoneIDs`` order), whatever the drop-off.
    public func pickupTrips(slot: Int) -> [Int] {
        let n = zoneIDs.count, row = cumulative[slot]
        guard !row.isEmpty else { return Array(repeating: 0, count: n) }
        return (0..<n).map { p in Int(row[(p + 1) * n - 1]) - (p > 0 ? Int(row[p * n - 1]) : 0) }
    }

    /// The (pickup, drop-off) zone ids of the pair a uniform `u` in [0, 1) falls on in `slot`,
    /// each pair with probability proportional to its trips.
    /// - Precondition: the slot has trips.
    public func pair(slot: Int, u: Double) -> (pickup: Int, dropoff: Int) {
        let row = cumulative[slot]
        let target = UInt32(min(Double(slotTrips[slot] - 1), (u * Double(slotTrips[slot])).rounded(.down)))
        var lo = 0, hi = row.count - 1
        while lo < hi {  // first index whose cumulative count exceeds target
            let mid = (lo + hi) / 2
            if row[mid] > target { hi = mid } else { lo = mid + 1 }
        }
        return (zoneIDs[lo / zoneIDs.count], zoneIDs[lo % zoneIDs.count])
    }

    /// Reads `weekday` (0 = Monday … 4 = Friday) from the database at `url`, checking every
    /// zone against `zones`.
    /// - Parameter file: the path as the user wrote it, for messages.
    /// - Throws: ``InputProblem`` naming the file and the table or field.
    public static func load(url: URL, file: String, weekday: Int, zones: ZoneSet) throws -> ODRates {
        func fail(_ field: String?, _ message: String) -> InputProblem {
            InputProblem(locatedMessage(file: file, line: nil, field: field, message: message))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw fail(nil, "file not found")
        }
        guard !isDirectory.boolValue else { throw fail(nil, "is a directory, expected a SQLite file") }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: url.path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                try checkSchema(db, fail)
                let ids = try Row.fetchAll(db, sql: "SELECT position, zone_id FROM zones ORDER BY position")
                var zoneIDs: [Int] = []
                for (k, row) in ids.enumerated() {
                    guard let position = row[0] as Int64?, position == k, let id = row[1] as Int64? else {
                        throw fail("zones", "positions must run 0, 1, 2, … with an integer zone_id (row \(k + 1))")
                    }
                    guard zones.index(ofID: Int(id)) != nil else {
                        throw fail("zones.zone_id", "zone \(id) is not in \(zones.file)")
                    }
                    zoneIDs.append(Int(id))
                }
                guard !zoneIDs.isEmpty else { throw fail("zones", "no rows") }
                return try readWeekday(db, weekday: weekday, zoneIDs: zoneIDs, fail)
            }
        } catch let problem as InputProblem {
            throw problem
        } catch let error as DatabaseError {
            throw fail(nil, "cannot open: \(error.message ?? "\(error.resultCode)")")
        }
    }

    private static func checkSchema(_ db: Database, _ fail: (String?, String) -> InputProblem) throws {
        let expected: [(table: String, columns: [String])] = [
            ("meta", ["key", "value"]), ("zones", ["position", "zone_id"]),
            ("od_trips", ["weekday", "slot", "pickup_zone", "dropoff_trips"]),
        ]
        for (table, columns) in expected {
            guard try db.tableExists(table) else { throw fail(nil, "not a ridematch OD database (no table '\(table)')") }
            let present = Set(try db.columns(in: table).map { $0.name.lowercased() })
            if let missing = columns.first(where: { !present.contains($0) }) {
                throw fail(nil, "not a ridematch OD database (table '\(table)' has no column '\(missing)')")
            }
        }
        let version = try String.fetchOne(db, sql: "SELECT CAST(value AS TEXT) FROM meta WHERE key = 'schema_version'")
        guard version == String(schemaVersion) else {
            throw fail("meta.schema_version", "expected \(schemaVersion), got \(version.map { "'\($0)'" } ?? "none")")
        }
    }

    private static func readWeekday(
        _ db: Database, weekday: Int, zoneIDs: [Int], _ fail: (String?, String) -> InputProblem
    ) throws -> ODRates {
        let n = zoneIDs.count
        var counts = [[UInt32]](repeating: [], count: slotsPerDay)
        let rows = try Row.fetchCursor(
            db, sql: "SELECT slot, pickup_zone, dropoff_trips FROM od_trips WHERE weekday = ? ORDER BY slot, pickup_zone",
            arguments: [weekday])
        var any = false
        while let row = try rows.next() {
            any = true
            guard let slot = row[0] as Int64?, (0..<Int64(slotsPerDay)).contains(slot) else {
                throw fail("od_trips.slot", "must be 0-95, got \(row[0] as DatabaseValue)")
            }
            guard let pickup = row[1] as Int64?, let p = zoneIDs.firstIndex(of: Int(pickup)) else {
                throw fail("od_trips.pickup_zone", "zone \(row[1] as DatabaseValue) is not in table 'zones'")
            }
            guard let blob = row[2] as Data?, blob.count == 2 * n else {
                throw fail("od_trips.dropoff_trips", "slot \(slot), zone \(pickup): expected \(2 * n) bytes (\(n) zones × 2)")
            }
            if counts[Int(slot)].isEmpty { counts[Int(slot)] = [UInt32](repeating: 0, count: n * n) }
            blob.withUnsafeBytes { bytes in
                for d in 0..<n {
                    counts[Int(slot)][p * n + d] = UInt32(bytes[2 * d]) | UInt32(bytes[2 * d + 1]) << 8
                }
            }
        }
        guard any else {
            throw fail("od_trips", "no rows for weekday \(weekday) (\(weekdayNames[weekday]))")
        }
        var slotTrips = [Int](repeating: 0, count: slotsPerDay)
        let cumulative = counts.enumerated().map { slot, row -> [UInt32] in
            var sum: UInt32 = 0
            let c = row.map { sum += $0; return sum }
            slotTrips[slot] = Int(sum)
            return c
        }
        guard slotTrips.reduce(0, +) > 0 else {
            throw fail("od_trips", "no trips for weekday \(weekday) (\(weekdayNames[weekday]))")
        }
        return ODRates(weekday: weekday, zoneIDs: zoneIDs, slotTrips: slotTrips, cumulative: cumulative)
    }
}
