import Core
import Foundation
import Matching
import Scenario
import Testing
import Traffic
@testable import Simulator

/// Files for replay tests: a scenario with no noise at all (speed, GPS, delivery) on a
/// one-zone traffic table of 36 km/h (10 m/s) everywhere, detour factor 1, so every time
/// can be worked out by hand.
struct ReplayFixture {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("t.sqlite").path, contents: Data())
        // Placeholders so the scenario validates; tests write the files they read.
        try write("trips.csv", "request_time,origin_lat,origin_lon,dest_lat,dest_lon\n")
        try write("drivers.csv", "driver_id,lat,lon\n")
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// The scenario; `demand` and `supply` are the YAML bodies of those sections.
    func scenario(demand: String = "{trips: trips.csv, patience: {median: 2m, sigma: 0.5}}",
                  supply: String = "{drivers_file: drivers.csv, ping_interval: 1s, gps_noise_m: 0, delivery_delay: {mean: 0s, max: 0s}}",
                  duration: String = "15m", start: String = "2026-03-02T08:00:00-05:00") throws -> Scenario {
        let yaml = """
            name: replay
            seed: 3
            start: \(start)
            duration: \(duration)
            city: {center: {lat: 40.7, lon: -74.0}, radius_km: 5, detour_factor: 1}
            traffic: {database: t.sqlite, noise: 0}
            demand: \(demand)
            supply: \(supply)
            matching: {strategy: nearest, max_pickup_eta: 10m}
            """
        return try Scenario.parse(yaml: yaml, file: "replay.yaml", baseDirectory: folder, knownStrategies: ["nearest"])
    }

    /// 10 m/s in every hour, one zone at the centre.
    static func uniformTraffic(_ scenario: Scenario) throws -> TrafficModel {
        let table = try TrafficTable(zones: [TrafficZone(id: 0, center: scenario.city.center)],
                                     speeds: Array(repeating: 36, count: TrafficTable.hoursPerWeek))
        return TrafficModel(table: table, projection: LocalProjection(center: scenario.city.center),
                            detourFactor: scenario.city.detourFactor, cityRadiusMeters: scenario.city.radiusKm * 1000)
    }

    func run(_ scenario: Scenario) throws -> RunResult {
        var simulation = Simulation(try SimulationParts.assembly(scenario, traffic: try ReplayFixture.uniformTraffic(scenario)))
        return simulation.run()
    }
}

@Suite("Replay: hand-worked matches")
struct ReplayHandWorkedTests {
    /// Everything on the meridian lon −74.0: one degree of latitude is
    /// 6 371 008.8 m × π/180 = 111 195.080 m, so 0.0045° = 500.378 m (50.038 s at 10 m/s),
    /// 0.009° = 1000.756 m (100.076 s), 0.0135° = 1501.134 m (150.113 s), 0.018° = 2001.511 m (200.151 s).
    ///
    /// Drivers: A (id 0) at 40.7000 all day; B (id 1) at 40.7180, shift ends at 550 s;
    /// C (id 2) at 40.6820, shift starts at 100 s.
    ///
    /// 1. t=10 s, 40.7045 → 40.7225: A is 500 m away, B 1500 m, C off shift → A. Pickup
    ///    10 + 50.038 = 60.038 s, drop-off + 200.151 = 260.189 s.
    /// 2. t=20 s, 40.7090 → 40.6910: A is busy, B is 1000 m away → B. Pickup 120.076 s,
    ///    drop-off 320.227 s.
    /// 3. t=30 s, 40.6955 → 40.6775: nobody is free; C comes on shift at 100 s, pings within
    ///    the second and the engine's 1 s retry timer matches at 101 s (C is 1500 m away).
    ///    Pickup 251.113 s, drop-off 451.264 s.
    /// 4. t=400 s, 40.7000 → 40.7090: A idles at 40.7225 (2252 m), B at 40.6910 (1001 m),
    ///    C is busy → B. Pickup 500.076 s, drop-off 600.152 s; B's shift ended at 550 s, so B
    ///    finishes the trip and goes offline at 600.152 s.
    @Test("a tiny trip table and drivers file give exactly the hand-worked matches")
    func handWorked() throws {
        let fixture = try ReplayFixture()
        defer { fixture.remove() }
        try fixture.write("trips.csv", """
            request_time,origin_lat,origin_lon,dest_lat,dest_lon,request_id,patience_s
            10,40.7045,-74.0,40.7225,-74.0,t1,600
            20,40.7090,-74.0,40.6910,-74.0,t2,600
            30,40.6955,-74.0,40.6775,-74.0,t3,600
            400,40.7000,-74.0,40.7090,-74.0,t4,600

            """)
        try fixture.write("drivers.csv", """
            driver_id,lat,lon,shift_start,shift_end
            A,40.7000,-74.0,,
            B,40.7180,-74.0,0,550
            C,40.6820,-74.0,100,

            """)
        let run = try fixture.run(try fixture.scenario())

        let expected: [(driver: Int32, match: Millis, pickup: Millis, dropoff: Millis)] = [
            (0, 10_000, 60_038, 260_189),
            (1, 20_000, 120_076, 320_227),
            (2, 101_000, 251_113, 451_264),
            (1, 400_000, 500_076, 600_152),
        ]
        #expect(run.requests.count == 4)
        for (r, e) in zip(run.requests, expected) {
            #expect(r.outcome == .completed)
            #expect(r.driver == e.driver)
            #expect(r.matchTime == e.match)
            #expect(r.pickupTime == e.pickup)
            #expect(r.dropoffTime == e.dropoff)
            // No noise anywhere: the quote is the truth, to the millisecond.
            #expect(abs(try #require(r.quotedPickupEta) - (e.pickup - e.match).seconds) < 0.001)
        }
        #expect(run.requests.map(\.sourceLine) == [2, 3, 4, 5])
        #expect(run.requests.map(\.sourceID) == ["t1", "t2", "t3", "t4"])
        #expect(run.requests.map(\.requestTime) == [10_000, 20_000, 30_000, 400_000])

        // The driver-time ledger, ms: online + offline = the 900 s horizon for everyone.
        let a = run.drivers[0], b = run.drivers[1], c = run.drivers[2]
        #expect(run.drivers.map(\.sourceID) == ["A", "B", "C"])
        #expect((a.online, a.offline, a.toPickup, a.onTrip, a.idle, a.trips) == (900_000, 0, 50_038, 200_151, 649_811, 1))
        #expect((b.online, b.offline, b.toPickup, b.onTrip, b.idle, b.trips) == (600_152, 299_848, 200_152, 300_227, 99_773, 2))
        #expect((c.online, c.offline, c.toPickup, c.onTrip, c.idle, c.trips) == (800_000, 100_000, 150_113, 200_151, 449_736, 1))
        for d in run.drivers {
            #expect(d.online == d.idle + d.toPickup + d.onTrip)
            #expect(d.online + d.offline == run.horizon)
        }
        #expect(run.inputs.map(\.kind) == ["drivers", "trips"])
        #expect(run.inputs.map(\.rows) == [3, 4])
        #expect(run.inputs.map(\.accepted) == [3, 4])
        #expect(run.inputs.allSatisfy { $0.rejected.isEmpty && $0.readError == nil })
    }
}
