import Core

/// A traffic zone: the area of the city closer to `center` than to any other zone's centre.
public struct TrafficZone: Sendable, Equatable {
    /// The zone's id, as in the `zone_id` column of the speeds CSV and the database.
    public var id: Int
    /// The zone's centre; a location belongs to the zone with the nearest centre.
    public var center: GeoPoint

    /// Creates a zone from its id and centre.
    public init(id: Int, center: GeoPoint) {
        self.id = id
        self.center = center
    }
}

/// An in-memory copy of a traffic database: every zone and its historical speed for each of
/// the 168 hours of the week (0 = Monday 00:00–01:00 UTC).
///
/// Built once (``TrafficDatabase/load(_:displayPath:)`` or ``init(zones:speeds:)``) and then
/// only read; ``TrafficModel`` is the hot-path view used by the engine and the simulator.
public struct TrafficTable: Sendable, Equatable {
    /// The highest historical speed a table may hold, km/h: faster than any road traffic, so
    /// a larger value is a unit or typing mistake (it would make every trip instantaneous).
    public static let speedLimitKmh = 300.0

    /// The message for a speed above ``speedLimitKmh``, showing the value as written.
    public static func speedLimitMessage(_ shown: String) -> String {
        "must be <= 300 km/h (no road traffic is faster; check the unit), got \(shown)"
    }

    /// Hours in a week: the number of speeds per zone.
    public static let hoursPerWeek = 168

    /// The zones, sorted by id (ids are distinct). Zone indices used elsewhere index this array.
    public let zones: [TrafficZone]
    /// Speeds in km/h, zone-major: the speed of zone index `z` at hour `h` is `speeds[z * 168 + h]`.
    public let speeds: [Double]
    /// The highest speed in the table, km/h.
    public let maxSpeedKmh: Double
    /// The lowest speed in the table, km/h.
    public let minSpeedKmh: Double

    /// Creates a table, validating it: at least one zone, distinct ids, valid centres, exactly
    /// 168 speeds per zone, every speed finite and > 0.
    ///
    /// `zones` may come in any order; they are sorted by id and `speeds` (zone-major, in the
    /// order of `zones` as given) is reordered with them.
    /// - Throws: ``TrafficError`` with file `traffic table`.
    public init(zones: [TrafficZone], speeds: [Double]) throws {
        let file = "traffic table"
        let hours = Self.hoursPerWeek
        guard !zones.isEmpty else { throw TrafficError(file: file, message: "empty: no zones") }
        guard speeds.count == zones.count * hours else {
            throw TrafficError(file: file, field: "speeds",
                               message: "expected \(zones.count * hours) values (168 per zone), got \(speeds.count)")
        }
        for zone in zones where !zone.center.isValid {
            throw TrafficError(file: file, field: "zone \(zone.id)",
                               message: "invalid centre (\(zone.center.lat), \(zone.center.lon))")
        }
        let order = zones.indices.sorted { zones[$0].id < zones[$1].id }
        for (a, b) in zip(order, order.dropFirst()) where zones[a].id == zones[b].id {
            throw TrafficError(file: file, field: "zone \(zones[a].id)", message: "duplicate zone id")
        }
        var sorted: [Double] = []
        sorted.reserveCapacity(speeds.count)
        for index in order {
            let row = speeds[(index * hours)..<((index + 1) * hours)]
            if let bad = row.firstIndex(where: { !($0.isFinite && $0 > 0) }) {
                throw TrafficError(file: file, field: "zone \(zones[index].id)",
                                   message: "hour \(bad - index * hours): speed must be a number > 0, got \(speeds[bad])")
            }
            sorted.append(contentsOf: row)
        }
        self.init(validatedZones: order.map { zones[$0] }, speeds: sorted)
    }

    /// Creates a table from already validated, id-sorted zones and their speeds.
    init(validatedZones zones: [TrafficZone], speeds: [Double]) {
        self.zones = zones
        self.speeds = speeds
        maxSpeedKmh = speeds.max() ?? 0
        minSpeedKmh = speeds.min() ?? 0
    }

    /// The historical speed in km/h of the zone at `zoneIndex` (an index into ``zones``)
    /// during `hourOfWeek` (0…167).
    @inlinable public func speedKmh(zoneIndex: Int, hourOfWeek: Int) -> Double {
        precondition((0..<Self.hoursPerWeek).contains(hourOfWeek), "hour of week out of range")
        return speeds[zoneIndex * Self.hoursPerWeek + hourOfWeek]
    }

    /// The index in ``zones`` of the zone whose centre is nearest to `point` by great-circle
    /// distance (ties go to the lower index).
    ///
    /// A linear scan, meant for set-up and tools. ``TrafficModel/zoneIndex(at:)`` is the O(1)
    /// hot-path version on the city plane; the two can differ only for points within a few
    /// centimetres of a zone boundary, where the plane and the sphere disagree.
    public func nearestZoneIndex(to point: GeoPoint) -> Int {
        var best = 0
        var bestDistance = Double.infinity
        for (index, zone) in zones.enumerated() {
            let distance = zone.center.haversineMeters(to: point)
            if distance < bestDistance {
                best = index
                bestDistance = distance
            }
        }
        return best
    }
}

/// Collects zones and speeds row by row (from a CSV file or a database) and turns them into a
/// validated ``TrafficTable``, reporting duplicates and missing hours against `file`.
struct TableAssembler {
    /// The zone's centre, its 168 speeds (NaN until seen) and, per hour, the line it came from.
    struct PendingZone {
        var center: GeoPoint
        var centerLine: Int
        var speeds: [Double]
        var lines: [Int32]
    }

    let file: String
    private(set) var zones: [Int: PendingZone] = [:]
    private(set) var rowCount = 0

    init(file: String) {
        self.file = file
    }

    /// Declares a zone's centre; `line` is where it was first given (0 when not from a CSV).
    mutating func addZone(id: Int, center: GeoPoint, line: Int) {
        zones[id] = PendingZone(center: center, centerLine: line,
                                speeds: Array(repeating: .nan, count: TrafficTable.hoursPerWeek),
                                lines: Array(repeating: 0, count: TrafficTable.hoursPerWeek))
    }

    /// The centre and line of a declared zone.
    func zone(_ id: Int) -> PendingZone? { zones[id] }

    /// Records one speed; returns the line of an earlier row for the same zone and hour, if any
    /// (and then records nothing). The zone must have been declared and `hour` be in 0…167.
    mutating func addSpeed(zone id: Int, hour: Int, speedKmh: Double, line: Int) -> Int? {
        if let existing = zones[id], !existing.speeds[hour].isNaN { return Int(existing.lines[hour]) }
        zones[id]!.speeds[hour] = speedKmh
        zones[id]!.lines[hour] = Int32(truncatingIfNeeded: line)
        rowCount += 1
        return nil
    }

    /// The table, or an error naming the first zone (by id) with missing hours.
    func finish() throws -> TrafficTable {
        guard !zones.isEmpty else { throw TrafficError(file: file, message: "empty: no zones") }
        let ids = zones.keys.sorted()
        var speeds: [Double] = []
        speeds.reserveCapacity(ids.count * TrafficTable.hoursPerWeek)
        var result: [TrafficZone] = []
        result.reserveCapacity(ids.count)
        for id in ids {
            let zone = zones[id]!
            let missing = zone.speeds.indices.filter { zone.speeds[$0].isNaN }
            if !missing.isEmpty {
                throw TrafficError(file: file, field: "zone \(id)", message: "missing hours \(formatHourRanges(missing))")
            }
            result.append(TrafficZone(id: id, center: zone.center))
            speeds.append(contentsOf: zone.speeds)
        }
        return TrafficTable(validatedZones: result, speeds: speeds)
    }
}
