import Core

/// The hot-path view of a ``TrafficTable`` on the city plane: zone of a point in O(1),
/// speed by zone and hour of week, and the travel-time (ETA) and road-distance estimates the
/// engine and the simulator use. Built once per run; every query is allocation-free.
public struct TrafficModel: Sendable {
    /// The table the model was built from.
    public let table: TrafficTable
    /// The city's projection between geographic and plane coordinates.
    public let projection: LocalProjection
    /// Road distance divided by straight-line distance (≥ 1 in practice, e.g. 1.3).
    public let detourFactor: Double
    /// The city's radius in metres; the raster covers it plus 2 km on every side.
    public let cityRadiusMeters: Double
    /// The highest speed in the table, metres per second (an upper bound for any ETA search).
    public let maxSpeedMetersPerSecond: Double
    /// Zone centres on the plane, by zone index.
    public let zoneCenters: [PlanePoint]
    /// Speeds in m/s, zone-major, 168 per zone.
    private let speedsMetersPerSecond: [Double]
    private let raster: ZoneRaster

    /// Builds the model and its nearest-zone raster (100 m cells over the square
    /// [-R-2km, R+2km]² of the plane, R = `cityRadiusMeters`; coarser cells for very large
    /// cities or zone counts, with the same exact answers).
    /// - Precondition: `detourFactor` is finite and > 0; `cityRadiusMeters` is finite and ≥ 0.
    public init(table: TrafficTable, projection: LocalProjection, detourFactor: Double, cityRadiusMeters: Double) {
        precondition(detourFactor.isFinite && detourFactor > 0, "detour factor must be > 0")
        precondition(cityRadiusMeters.isFinite && cityRadiusMeters >= 0, "city radius must be >= 0")
        self.table = table
        self.projection = projection
        self.detourFactor = detourFactor
        self.cityRadiusMeters = cityRadiusMeters
        maxSpeedMetersPerSecond = table.maxSpeedKmh / 3.6
        zoneCenters = table.zones.map { projection.project($0.center) }
        speedsMetersPerSecond = table.speeds.map { $0 / 3.6 }
        raster = ZoneRaster(centers: zoneCenters, halfWidth: cityRadiusMeters + 2_000)
    }

    /// Number of zones.
    public var zoneCount: Int { zoneCenters.count }

    /// The index (into `table.zones`) of the zone whose centre is nearest to `point` on the
    /// plane, ties to the lower index. O(1) inside the raster; a scan of all zones outside it.
    public func zoneIndex(at point: PlanePoint) -> Int {
        raster.zoneIndex(at: point)
    }

    /// The same as ``zoneIndex(at:)`` computed by scanning every zone centre: a reference for
    /// tests and tools, not for the hot path.
    public func zoneIndexByScan(at point: PlanePoint) -> Int {
        raster.scan(point)
    }

    /// The historical speed in metres per second of zone `zoneIndex` during `hourOfWeek` (0…167,
    /// 0 = Monday 00:00 UTC; see `hourOfWeek(unixSeconds:)`).
    public func speedMetersPerSecond(zoneIndex: Int, hourOfWeek: Int) -> Double {
        precondition((0..<TrafficTable.hoursPerWeek).contains(hourOfWeek), "hour of week out of range")
        return speedsMetersPerSecond[zoneIndex * TrafficTable.hoursPerWeek + hourOfWeek]
    }

    /// Estimated driving time in seconds from `from` to `to` starting in `hourOfWeek`:
    /// straight-line distance × ``detourFactor`` ÷ the speed of the zone containing the
    /// segment's midpoint at that hour. 0 when the points coincide.
    public func eta(from: PlanePoint, to: PlanePoint, hourOfWeek: Int) -> Double {
        let distance = from.distance(to: to)
        if distance == 0 { return 0 }
        let midpoint = PlanePoint(x: (from.x + to.x) / 2, y: (from.y + to.y) / 2)
        let speed = speedMetersPerSecond(zoneIndex: raster.zoneIndex(at: midpoint), hourOfWeek: hourOfWeek)
        return distance * detourFactor / speed
    }

    /// Estimated road distance in metres: straight-line distance × ``detourFactor``.
    public func roadDistance(from: PlanePoint, to: PlanePoint) -> Double {
        from.distance(to: to) * detourFactor
    }
}
