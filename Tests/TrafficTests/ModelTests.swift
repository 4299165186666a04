import Core
import Foundation
import Testing
@testable import Traffic

@Suite("TrafficTable and TrafficModel")
struct ModelTests {
    static let center = GeoPoint(lat: 40.758, lon: -73.985)
    static let projection = LocalProjection(center: center)

    /// Zones at the given plane points, ids 1, 2, ….
    static func zones(at points: [PlanePoint]) -> [TrafficZone] {
        points.enumerated().map { TrafficZone(id: $0.offset + 1, center: projection.unproject($0.element)) }
    }

    /// Checks `model.zoneIndex(at:)` against a brute-force scan for `points`: same index, or (a
    /// tie) the same distance; and exactly the index of `zoneIndexByScan` (ties to lower index).
    static func checkAgainstScan(_ model: TrafficModel, _ points: [PlanePoint]) {
        var disagreements = 0
        for point in points {
            let fast = model.zoneIndex(at: point)
            var best = 0
            for index in model.zoneCenters.indices
            where point.distance(to: model.zoneCenters[index]) < point.distance(to: model.zoneCenters[best]) {
                best = index
            }
            if fast != best {
                let difference = abs(point.distance(to: model.zoneCenters[fast]) - point.distance(to: model.zoneCenters[best]))
                if difference > 1e-9 { disagreements += 1 }
            }
            if fast != model.zoneIndexByScan(at: point) { disagreements += 1 }
        }
        #expect(disagreements == 0)
    }

    @Test("raster zone look-up agrees with a brute-force scan on random zones and points")
    func rasterMatchesScanRandom() throws {
        var generator = SplitMix64(state: 42)
        let radius = 6_000.0
        let centers = (0..<220).map { _ in
            PlanePoint(x: Double.random(in: -8_500...8_500, using: &generator), y: Double.random(in: -8_500...8_500, using: &generator))
        }
        let model = TrafficModel(table: try uniformTable(Self.zones(at: centers), speedKmh: 20),
                                 projection: Self.projection, detourFactor: 1.3, cityRadiusMeters: radius)
        // Projecting the unprojected centres gives them back to within rounding.
        for (a, b) in zip(model.zoneCenters, centers) { #expect(a.distance(to: b) < 1e-6) }
        let points = (0..<20_000).map { _ in
            PlanePoint(x: Double.random(in: -10_000...10_000, using: &generator), y: Double.random(in: -10_000...10_000, using: &generator))
        }
        Self.checkAgainstScan(model, points)
    }

    @Test("raster zone look-up on a regular grid, including exact ties and cell edges")
    func rasterMatchesScanGrid() throws {
        var centers: [PlanePoint] = []
        for j in -8...8 { for i in -8...8 where i * i + j * j <= 64 { centers.append(PlanePoint(x: Double(i) * 1000, y: Double(j) * 1000)) } }
        let model = TrafficModel(table: try uniformTable(Self.zones(at: centers), speedKmh: 20),
                                 projection: Self.projection, detourFactor: 1.3, cityRadiusMeters: 6_000)
        var points: [PlanePoint] = []
        for j in stride(from: -8_050.0, through: 8_050, by: 50) {
            for i in stride(from: -8_050.0, through: 8_050, by: 50) { points.append(PlanePoint(x: i, y: j)) }
        }
        var generator = SplitMix64(state: 9)
        points += (0..<5_000).map { _ in
            PlanePoint(x: Double.random(in: -9_000...9_000, using: &generator), y: Double.random(in: -9_000...9_000, using: &generator))
        }
        Self.checkAgainstScan(model, points)
    }

    @Test("table nearest zone by great-circle distance")
    func tableNearestZone() throws {
        let table = try uniformTable(twoZones, speedKmh: 10)
        #expect(table.nearestZoneIndex(to: GeoPoint(lat: 40.7501, lon: -73.9851)) == 0)
        #expect(table.nearestZoneIndex(to: GeoPoint(lat: 40.77, lon: -73.96)) == 1)
    }

    @Test("ETA is straight line × detour ÷ speed of the midpoint's zone")
    func etaFormula() throws {
        let oneZone = Self.zones(at: [.zero])
        let model = TrafficModel(table: try uniformTable(oneZone, speedKmh: 18), projection: Self.projection,
                                 detourFactor: 1.3, cityRadiusMeters: 6_000)
        let from = PlanePoint(x: 500, y: -200), to = PlanePoint(x: 500, y: 2_800)
        #expect(abs(model.eta(from: from, to: to, hourOfWeek: 40) - 780) < 1e-9)
        #expect(abs(model.roadDistance(from: from, to: to) - 3_900) < 1e-9)
        #expect(model.eta(from: from, to: from, hourOfWeek: 0) == 0)
        #expect(model.maxSpeedMetersPerSecond == 5)
        #expect(model.speedMetersPerSecond(zoneIndex: 0, hourOfWeek: 167) == 5)

        // West zone 9 km/h, east zone 36 km/h: the midpoint decides.
        let twoSides = try TrafficTable(zones: Self.zones(at: [PlanePoint(x: -2_000, y: 0), PlanePoint(x: 2_000, y: 0)]),
                                        speeds: Array(repeating: 9, count: 168) + Array(repeating: 36, count: 168))
        let split = TrafficModel(table: twoSides, projection: Self.projection, detourFactor: 1.5, cityRadiusMeters: 6_000)
        // 4 km straight, midpoint at x = -500 (west): 6000 m / 2.5 m/s = 2400 s.
        #expect(abs(split.eta(from: PlanePoint(x: -2_500, y: 0), to: PlanePoint(x: 1_500, y: 0), hourOfWeek: 3) - 2_400) < 1e-9)
        // Midpoint at x = +500 (east): 6000 m / 10 m/s = 600 s.
        #expect(abs(split.eta(from: PlanePoint(x: -1_500, y: 0), to: PlanePoint(x: 2_500, y: 0), hourOfWeek: 3) - 600) < 1e-9)
    }

    @Test("speeds are looked up by hour of week from Unix time (0 = Monday 00:00 UTC)")
    func hourOfWeekLookup() throws {
        // Speed (hour + 1) km/h, so each hour is identifiable.
        let table = try TrafficTable(zones: Self.zones(at: [.zero]), speeds: (0..<168).map { Double($0 + 1) })
        let model = TrafficModel(table: table, projection: Self.projection, detourFactor: 1, cityRadiusMeters: 1_000)
        let formatter = ISO8601DateFormatter()
        let cases: [(String, Int)] = [
            ("2026-03-02T08:00:00Z", 8),      // Monday 08:00 UTC
            ("2026-03-02T00:00:00Z", 0),
            ("2026-03-04T13:59:59Z", 61),     // Wednesday 13:xx
            ("2026-03-08T23:30:00Z", 167),    // Sunday 23:30
            ("2026-03-09T00:00:00Z", 0),      // next Monday
        ]
        for (time, expected) in cases {
            let seconds = try #require(formatter.date(from: time)).timeIntervalSince1970
            let hour = hourOfWeek(unixSeconds: seconds)
            #expect(hour == expected, "\(time)")
            #expect(table.speedKmh(zoneIndex: 0, hourOfWeek: hour) == Double(expected + 1))
            #expect(abs(model.speedMetersPerSecond(zoneIndex: 0, hourOfWeek: hour) - Double(expected + 1) / 3.6) < 1e-12)
        }
        // 1 km at 9 km/h (Monday 08:00) takes 400 s.
        #expect(abs(model.eta(from: .zero, to: PlanePoint(x: 600, y: 800), hourOfWeek: 8) - 400) < 1e-9)
    }

    @Test("TrafficTable init sorts zones by id and validates")
    func tableInit() throws {
        let table = try TrafficTable(zones: [twoZones[1], twoZones[0]],
                                     speeds: Array(repeating: 30, count: 168) + Array(repeating: 10, count: 168))
        #expect(table.zones == twoZones)
        #expect(table.speedKmh(zoneIndex: 0, hourOfWeek: 5) == 10)
        #expect(table.speedKmh(zoneIndex: 1, hourOfWeek: 5) == 30)
        #expect(table.minSpeedKmh == 10 && table.maxSpeedKmh == 30)

        #expect(throws: TrafficError(file: "traffic table", message: "empty: no zones")) {
            _ = try TrafficTable(zones: [], speeds: [])
        }
        #expect(throws: TrafficError(file: "traffic table", field: "zone 3", message: "duplicate zone id")) {
            _ = try TrafficTable(zones: [twoZones[0], twoZones[0]], speeds: Array(repeating: 1, count: 336))
        }
        #expect(throws: TrafficError(file: "traffic table", field: "speeds", message: "expected 168 values (168 per zone), got 167")) {
            _ = try TrafficTable(zones: [twoZones[0]], speeds: Array(repeating: 1, count: 167))
        }
        var speeds = Array(repeating: 12.0, count: 168)
        speeds[40] = 0
        #expect(throws: TrafficError(file: "traffic table", field: "zone 3", message: "hour 40: speed must be a number > 0, got 0.0")) {
            _ = try TrafficTable(zones: [twoZones[0]], speeds: speeds)
        }
    }
}
