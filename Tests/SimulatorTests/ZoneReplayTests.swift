import Core
import Foundation
import Scenario
import Testing
import Zones
@testable import Simulator

@Suite("Zone-id and unsorted trip tables")
struct ZoneReplayTests {
    func read(_ fixture: ReplayFixture, _ scenario: Scenario) throws -> ([SampledRequest], [Int], InputFileReport) {
        let zones = try ZoneSet.load(url: dataFolder.appendingPathComponent("manhattan_zones.geojson"), file: "zones")
        var table = try TripTable(url: fixture.folder.appendingPathComponent("trips.csv"), file: "trips.csv",
                                  scenario: scenario, zones: zones)
        var out: [SampledRequest] = []
        var lines: [Int] = []
        while let r = table.next(before: .fromSeconds(scenario.duration)) {
            out.append(r)
            lines.append(table.lastSource!.line)
        }
        let report = table.finish()
        return (out, lines, try #require(report))
    }

    func scenario(_ fixture: ReplayFixture, seed: Int = 3) throws -> Scenario {
        let yaml = """
            name: zr
            seed: \(seed)
            start: 2026-03-02T00:00:00-05:00
            duration: 1h
            city: {center: {lat: 40.785, lon: -73.965}, radius_km: 11}
            traffic: {database: t.sqlite}
            demand: {trips: trips.csv, zones: \(dataFolder.appendingPathComponent("manhattan_zones.geojson").path)}
            supply: {drivers: 0}
            """
        return try Scenario.parse(yaml: yaml, file: "zr.yaml", baseDirectory: fixture.folder, knownStrategies: ["nearest"])
    }

    @Test("TLC zone-id rows: points inside their zones, the same on every run, unknown zones rejected with their lines")
    func zoneIDs() throws {
        let fixture = try ReplayFixture()
        defer { fixture.remove() }
        try fixture.write("trips.csv", """
            VendorID,tpep_pickup_datetime,tpep_dropoff_datetime,PULocationID,DOLocationID
            2,2026-03-02 00:10:00,2026-03-02 00:20:00,161,236
            2,2026-03-02 00:05:00,2026-03-02 00:20:00,4,264
            1,2026-03-02 00:01:00,2026-03-02 00:20:00,43,43
            1,2026-03-02 00:02:00,2026-03-02 00:20:00,1,43
            1,2026-03-02 00:03:00,2026-03-02 00:20:00,,43
            1,2026-03-02 00:04:00,2026-03-02 00:20:00,230,12

            """)
        let s = try scenario(fixture)
        let (trips, lines, report) = try read(fixture, s)
        #expect(lines == [4, 7, 2])  // time order: 00:01, 00:04, 00:10
        #expect(trips.map(\.originZone) == [43, 230, 161] && trips.map(\.destinationZone) == [43, 12, 236])
        #expect(report.rows == 6 && report.accepted == 3)
        #expect(report.rejected == [
            RejectedRow(line: 3, reason: .unknownZone, field: "dolocationid", value: "264"),
            RejectedRow(line: 5, reason: .unknownZone, field: "pulocationid", value: "1"),
            RejectedRow(line: 6, reason: .unknownZone, field: "pulocationid", value: ""),
        ])
        let zones = try ZoneSet.load(url: dataFolder.appendingPathComponent("manhattan_zones.geojson"), file: "zones")
        let projection = LocalProjection(center: s.city.center)
        for t in trips {
            #expect(zones.zoneID(containing: projection.unproject(t.origin)) == t.originZone)
            #expect(zones.zoneID(containing: projection.unproject(t.destination)) == t.destinationZone)
        }
        // Deterministic: the same points again; another seed moves them.
        #expect(try read(fixture, s).0 == trips)
        let other = try read(fixture, try scenario(fixture, seed: 4)).0
        #expect(other.map(\.time) == trips.map(\.time) && other.map(\.origin) != trips.map(\.origin))
    }

    @Test("an unsorted table replays every row in time order (equal times in file order), every row counted")
    func unsorted() throws {
        let fixture = try ReplayFixture()
        defer { fixture.remove() }
        // 2,000 rows in a scrambled order (a fixed permutation), times 0…999 s, each twice.
        var rows = ["request_time,origin_zone,dest_zone,request_id"]
        let zoneIDs = [4, 43, 161, 236, 230]
        for k in 0..<2_000 {
            let i = (k * 1_237) % 2_000
            rows.append("\(i / 2),\(zoneIDs[i % 5]),\(zoneIDs[(i / 5) % 5]),r\(i)")
        }
        try fixture.write("trips.csv", rows.joined(separator: "\n") + "\n")
        let (trips, lines, report) = try read(fixture, try scenario(fixture))
        #expect(report.rows == 2_000 && report.accepted == 2_000 && report.rejectedCount == 0)
        #expect(trips.count == 2_000)
        #expect(trips.map(\.time) == (0..<2_000).map { Millis($0 / 2) * 1_000 })
        for k in 1..<trips.count where trips[k].time == trips[k - 1].time { #expect(lines[k] > lines[k - 1]) }
        #expect(Set(lines) == Set(2...2_001))
    }
}
