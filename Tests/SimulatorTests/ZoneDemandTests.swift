import Core
import Foundation
import Matching
import Scenario
import Testing
import Traffic
import Zones
@testable import Simulator

/// The repository's data folder (the shipped Manhattan zones and rates).
let dataFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("data")

@Suite("Zone demand (real Manhattan rates)")
struct ZoneDemandTests {
    static let zones = try! ZoneSet.load(url: dataFolder.appendingPathComponent("manhattan_zones.geojson"), file: "zones")

    func scenario(perDay: Int, seed: Int = 11, duration: String = "24h") throws -> Scenario {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("t.sqlite").path, contents: Data())
        let yaml = """
            name: z
            seed: \(seed)
            start: 2026-03-02T00:00:00-05:00
            duration: \(duration)
            city: {center: {lat: 40.785, lon: -73.965}, radius_km: 11}
            traffic: {database: t.sqlite}
            demand:
              od: \(dataFolder.appendingPathComponent("manhattan_od.sqlite").path)
              zones: \(dataFolder.appendingPathComponent("manhattan_zones.geojson").path)
              requests_per_day: \(perDay)
            supply: {drivers: 0}
            """
        return try Scenario.parse(yaml: yaml, file: "z.yaml", baseDirectory: folder, knownStrategies: ["nearest"])
    }

    func sample(_ s: Scenario) throws -> [SampledRequest] {
        #expect(DemandRegistry.kind(for: s).kind == "od")
        var model = try RunInputs(scenario: s, plane: LocalProjection(center: s.city.center), display: \.lastPathComponent).demand
        var out: [SampledRequest] = []
        while let r = model.next(before: .fromSeconds(s.duration)) { out.append(r) }
        return out
    }

    @Test("the Monday table: 61 zones, every rate's zone in the zones file, the trips of the 2018 Mondays")
    func table() throws {
        let rates = try ODRates.load(url: dataFolder.appendingPathComponent("manhattan_od.sqlite"), file: "od",
                                     weekday: 0, zones: Self.zones)
        #expect(Self.zones.zones.count == 61 && rates.zoneIDs.count == 61)
        #expect(rates.dayTrips == 17_759_102)
        #expect(rates.trips(slot: 0, pickup: 4, dropoff: 4) == 15)  // the first row of pyhailing's trips.csv
    }

    @Test("hourly counts follow the Monday profile; pickup-zone shares follow the table; every point is in its zone")
    func followsTable() throws {
        let s = try scenario(perDay: 100_000)
        let requests = try sample(s)
        let rates = try ODRates.load(url: dataFolder.appendingPathComponent("manhattan_od.sqlite"), file: "od",
                                     weekday: 0, zones: Self.zones)
        // Total: Poisson with mean 100,000 (sd 316).
        #expect(abs(requests.count - 100_000) < 1_500)
        var byHour = [Int](repeating: 0, count: 24)
        for r in requests { byHour[Int(r.time / 3_600_000)] += 1 }
        for hour in 0..<24 {
            let share = Double(rates.slotTrips[4 * hour..<4 * hour + 4].reduce(0, +)) / Double(rates.dayTrips)
            let expected = 100_000 * share
            // Poisson: within 5 standard deviations (+1 for tiny hours).
            #expect(abs(Double(byHour[hour]) - expected) < 5 * expected.squareRoot() + 1, "hour \(hour)")
        }
        // Pickup-zone shares over the day, for every zone: within 5 binomial sd.
        var byZone: [Int: Int] = [:]
        for r in requests { byZone[r.originZone!, default: 0] += 1 }
        var zoneTrips: [Int: Int] = [:]
        for slot in 0..<96 {
            for p in rates.zoneIDs { for d in rates.zoneIDs { zoneTrips[p, default: 0] += rates.trips(slot: slot, pickup: p, dropoff: d) } }
        }
        for (zone, trips) in zoneTrips {
            let p = Double(trips) / Double(rates.dayTrips)
            let n = Double(requests.count)
            let sd = (n * p * (1 - p)).squareRoot()
            #expect(abs(Double(byZone[zone, default: 0]) - n * p) < 5 * sd + 1, "zone \(zone)")
        }
        // Every point lies inside the polygon of its zone.
        let projection = LocalProjection(center: s.city.center)
        for r in requests {
            let o = Self.zones.zones[Self.zones.index(ofID: r.originZone!)!]
            let d = Self.zones.zones[Self.zones.index(ofID: r.destinationZone!)!]
            #expect(o.contains(projection.unproject(r.origin)) && d.contains(projection.unproject(r.destination)))
        }
        #expect(zip(requests, requests.dropFirst()).allSatisfy { $0.time <= $1.time })
    }

    @Test("the same seed gives the same demand; another seed another")
    func deterministic() throws {
        let a = try sample(try scenario(perDay: 20_000, duration: "3h"))
        let b = try sample(try scenario(perDay: 20_000, duration: "3h"))
        let c = try sample(try scenario(perDay: 20_000, seed: 12, duration: "3h"))
        #expect(a == b && a != c && !a.isEmpty)
    }

    @Test("uniform sampling in a polygon with a hole and in a multipolygon: inside, never in the hole, parts by area")
    func polygonsWithHoles() throws {
        func square(_ lat: Double, _ lon: Double, _ size: Double) -> [GeoPoint] {
            [GeoPoint(lat: lat, lon: lon), GeoPoint(lat: lat, lon: lon + size), GeoPoint(lat: lat + size, lon: lon + size),
             GeoPoint(lat: lat + size, lon: lon), GeoPoint(lat: lat, lon: lon)]
        }
        // Zone 1: a 0.02° square with a 0.01° hole in the middle (area 3/4 of the square);
        // zone 2: two 0.01° squares.
        let holed = ZonePolygon(outer: square(40.70, -74.00, 0.02), holes: [square(40.705, -73.995, 0.01)])
        let set = ZoneSet(zones: [
            DemandZone(id: 1, name: "holed", polygons: [holed]),
            DemandZone(id: 2, name: "pair", polygons: [ZonePolygon(outer: square(40.75, -74.0, 0.01)),
                                                      ZonePolygon(outer: square(40.75, -73.95, 0.01))]),
        ], file: "t")
        let projection = LocalProjection(center: GeoPoint(lat: 40.72, lon: -73.98))
        let sampler = ZoneSampler(zones: set, projection: projection)
        var rng = RandomSource(seed: 1, stream: .demand)
        var west = 0
        for _ in 0..<4_000 {
            let p = projection.unproject(sampler.sample(zoneIndex: 0, using: &rng))
            #expect(set.zones[0].contains(p) && !ZonePolygon(outer: square(40.705, -73.995, 0.01)).contains(p))
            #expect(set.zoneID(containing: p) == 1)
            let q = projection.unproject(sampler.sample(zoneIndex: 1, using: &rng))
            #expect(set.zoneID(containing: q) == 2)
            if q.lon < -73.97 { west += 1 }
        }
        // Equal areas: each part about half (binomial sd 32).
        #expect(abs(west - 2_000) < 160)
        #expect(abs(sampler.areas[0] / sampler.areas[1] - 1.5) < 0.01)
    }
}

/// The rebalancer's forecast from the zone-to-zone table: it conserves the table's trips.
@Suite("Demand prior (rebalance forecast from the OD table)")
struct DemandPriorTests {
    @Test("per slot, the prior's rates over all traffic zones sum to the table's pickups, scaled to requests_per_day")
    func conservesTrips() throws {
        let s = try ZoneDemandTests().scenario(perDay: 96_000)
        let rates = try ODRates.load(url: try #require(s.demand.od), file: "od", weekday: 0, zones: ZoneDemandTests.zones)
        let table = try TrafficDatabase.load(dataFolder.appendingPathComponent("traffic.sqlite"), displayPath: "traffic")
        let traffic = TrafficModel(table: table, projection: LocalProjection(center: s.city.center), detourFactor: 1.3,
                                   cityRadiusMeters: s.city.radiusKm * 1000)
        let prior = DemandPrior(scenario: s, rates: rates, zones: ZoneDemandTests.zones, traffic: traffic)
        // The od demand source forecasts exactly this prior (what a platform policy is given).
        let inputs = try RunInputs(scenario: s, plane: traffic.projection, display: \.lastPathComponent)
        #expect(inputs.demand.forecast(traffic: traffic) == prior)
        #expect(prior.slotRates.count == ODRates.slotsPerDay && prior.slotRates[0].count == traffic.zoneCount)
        let scale = 96_000 / Double(rates.dayTrips) / 900
        for slot in [0, 32, 70] {
            let expected = Double(rates.slotTrips[slot]) * scale
            #expect(abs(prior.slotRates[slot].reduce(0, +) - expected) < 1e-9 * max(1, expected))
        }
        // The forecast over a 15-minute interval inside slot 32 (08:00 local) is that slot's trips.
        let eightAM = Millis.fromSeconds(8 * 3600)
        let forecast = prior.forecast(at: eightAM, interval: .fromSeconds(900))
        #expect(abs(forecast.reduce(0, +) - Double(rates.slotTrips[32]) * 96_000 / Double(rates.dayTrips)) < 1e-6)
    }
}
