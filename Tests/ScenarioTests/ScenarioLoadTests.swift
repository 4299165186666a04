import Core
import Foundation
import Testing
@testable import Scenario

@Suite("Loading valid scenarios")
struct ScenarioLoadTests {
    static let fullYAML = """
        # every field, none at its default
        name: rush-hour_v2.1
        seed: 42
        start: 2026-03-02T08:00:00-05:00
        duration: 1h30m
        city:
          center: {lat: 40.758, lon: -73.985}
          radius_km: 6
          cell_size_m: 250
          detour_factor: 1.4
        traffic:
          database: ../data/traffic.sqlite
          noise: 0.2
        demand:
          requests_per_hour: 3000
          profile: [0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.2, 1.5, 1.1, 0.9, 0.9,
                    1.0, 1.0, 0.9, 1.0, 1.2, 1.6, 1.7, 1.3, 1.0, 0.8, 0.6, 0]
          hotspots:
            - {lat: 40.75, lon: -73.99, radius_km: 1, weight: 3}
            - lat: 40.7128
              lon: -74.006
              radius_km: 0.5
              weight: 1.5
          patience: {median: 4m, sigma: 0.6}
        supply:
          drivers: 800
          ping_interval: 3s
          gps_noise_m: 10
          delivery_delay: {mean: 250ms, max: 2s}
        fare: {base: 3, per_km: 1.2, per_minute: 0.4, minimum: 8, surge: {max: 3}}
        matching:
          strategy: batch
          batch_window: 10s
          max_pickup_eta: 12m
          weights: {eta: 2, deadhead: 0.5, fare: -0.1, idle: 0}
        streams: {out_of_orderness: 1500ms, allowed_lateness: 15s, staleness: 45}
        report: {interval: 10m}
        compare: {strategies: [nearest, batch], replications: 3}
        """

    @Test func fullScenarioParsesToExactValues() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let scenario = try fixture.parse(Self.fullYAML)

        let expected = Scenario(
            name: "rush-hour_v2.1",
            seed: 42,
            start: Date(timeIntervalSince1970: 1_772_456_400),  // 2026-03-02T13:00:00Z
            startUTCOffsetSeconds: -18_000,
            duration: 5400,
            city: .init(center: GeoPoint(lat: 40.758, lon: -73.985), radiusKm: 6, cellSizeM: 250,
                        detourFactor: 1.4),
            traffic: .init(database: URL(fileURLWithPath: fixture.dataPath("traffic.sqlite")), noise: 0.2),
            demand: .init(
                requestsPerHour: 3000,
                profile: [0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.2, 1.5, 1.1, 0.9, 0.9,
                          1.0, 1.0, 0.9, 1.0, 1.2, 1.6, 1.7, 1.3, 1.0, 0.8, 0.6, 0],
                hotspots: [
                    .init(center: GeoPoint(lat: 40.75, lon: -73.99), radiusKm: 1, weight: 3),
                    .init(center: GeoPoint(lat: 40.7128, lon: -74.006), radiusKm: 0.5, weight: 1.5),
                ],
                patience: .init(median: 240, sigma: 0.6)),
            supply: .init(drivers: 800,
                          pingInterval: 3, gpsNoiseM: 10, deliveryDelay: .init(mean: 0.25, max: 2)),
            fare: .init(base: 3, perKm: 1.2, perMinute: 0.4, minimum: 8, surge: .init(max: 3)),
            matching: .init(strategy: "batch", batchWindow: 10, maxPickupEta: 720,
                            weights: .init(eta: 2, deadhead: 0.5, fare: -0.1, idle: 0)),
            streams: .init(outOfOrderness: 1.5, allowedLateness: 15, staleness: 45),
            report: .init(interval: 600),
            compare: .init(strategies: ["nearest", "batch"], replications: 3),
            file: fixture.scenarios.appendingPathComponent("x.yaml"))

        #expect(scenario == expected)
        // Field by field too, so a failure says which one differs.
        #expect(scenario.start.timeIntervalSince1970 == 1_772_456_400)
        #expect(scenario.traffic.database.path == fixture.dataPath("traffic.sqlite"))
        #expect(scenario.file.path == fixture.scenarios.appendingPathComponent("x.yaml").path)
        #expect(scenario.city == expected.city)
        #expect(scenario.demand == expected.demand)
        #expect(scenario.supply == expected.supply)
        #expect(scenario.matching == expected.matching)
        #expect(scenario.streams == expected.streams)
    }

    @Test func defaultsAreFilledIn() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let scenario = try fixture.parse(minimalYAML)

        #expect(scenario.name == "test")
        #expect(scenario.seed == 1)
        #expect(scenario.start == Date(timeIntervalSince1970: 1_772_438_400))  // 2026-03-02T08:00:00Z
        #expect(scenario.startUTCOffsetSeconds == 0)
        #expect(scenario.duration == 7200)
        #expect(scenario.city == .init(center: GeoPoint(lat: 40.758, lon: -73.985), radiusKm: 6,
                                       cellSizeM: 400, detourFactor: 1.3))
        #expect(scenario.traffic.noise == 0.15)
        #expect(scenario.demand == .init(requestsPerHour: 3000, profile: nil, hotspots: [], trips: nil,
                                         patience: .init(median: 300, sigma: 0.5)))
        #expect(scenario.supply == .init(drivers: 800, driversFile: nil, pingInterval: 4, gpsNoiseM: 8,
                                         deliveryDelay: .init(mean: 0.5, max: 3)))
        #expect(scenario.fare == .init(base: 2.5, perKm: 1.1, perMinute: 0.35, minimum: 7, surge: .init(max: 2.5)))
        #expect(scenario.matching == .init(strategy: "nearest", batchWindow: 5, maxPickupEta: 600,
                                           weights: .init(eta: 1, deadhead: 0.2, fare: 0.1, idle: 0.05)))
        #expect(scenario.streams == .init(outOfOrderness: 2, allowedLateness: 10, staleness: 30))
        #expect(scenario.report == .init(interval: 300))
        #expect(scenario.compare == .init(strategies: ["nearest", "fastest-eta", "batch", "weighted"],
                                          replications: 5))
    }

    @Test func extremeLoadsAreValid() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let yaml = minimal(replacing: 9, with: "  requests_per_hour: 0")
            .replacingOccurrences(of: "drivers: 800", with: "drivers: 0")
        let scenario = try fixture.parse(yaml)
        #expect(scenario.demand.requestsPerHour == 0)
        #expect(scenario.supply.drivers == 0)
    }

    /// Replay (issue #5): a trip table replaces requests_per_hour (and profile, hotspots), a
    /// drivers file replaces drivers; paths resolve against the scenario's folder. Giving a
    /// sampled field too is refused, never silently ignored.
    @Test func tripTablesAndDriverFilesReplaceSampledDemandAndSupply() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let replay = minimal(replacing: 9, with: "  trips: ../data/trips.csv")
            .replacingOccurrences(of: "  drivers: 800", with: "  drivers_file: ../data/drivers.csv")
        let scenario = try fixture.parse(replay)
        #expect(scenario.demand.trips?.path == fixture.dataPath("trips.csv"))
        #expect(scenario.supply.driversFile?.path == fixture.dataPath("drivers.csv"))
        #expect(scenario.demand.requestsPerHour == 0 && scenario.supply.drivers == 0)
        #expect(throws: ScenarioError(
            file: "scenarios/x.yaml", line: 9, field: "demand.requests_per_hour",
            message: "not used when demand.trips replays a trip table; remove it")
        ) { try fixture.parse(minimal(appending: "").replacingOccurrences(
            of: "  requests_per_hour: 3000", with: "  requests_per_hour: 3000\n  trips: ../data/trips.csv")) }
        #expect(throws: ScenarioError(
            file: "scenarios/x.yaml", line: 11, field: "supply.drivers",
            message: "not used when supply.drivers_file lists the drivers; remove it")
        ) { try fixture.parse(minimal(appending: "").replacingOccurrences(
            of: "  drivers: 800", with: "  drivers: 800\n  drivers_file: ../data/drivers.csv")) }
    }

    @Test func aHotspotOutsideTheCityIsRefused() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        #expect(throws: ScenarioError(
            file: "scenarios/x.yaml", line: 10, field: "demand.hotspots[0]",
            message: "lies outside the city (its centre is 55.6 km from the city centre)")
        ) { try fixture.parse(minimal(appending: "").replacingOccurrences(
            of: "  requests_per_hour: 3000",
            with: "  requests_per_hour: 3000\n  hotspots: [{lat: 40.258, lon: -73.985, radius_km: 1}]")) }
    }

    @Test func quotedTimestampAndNumbersAsDurations() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let yaml = minimal(replacing: 2, with: "duration: 3600\nstart: \"2026-07-01T22:30:00+02:00\"")
        let scenario = try fixture.parse(yaml)
        #expect(scenario.duration == 3600)
        #expect(scenario.startUTCOffsetSeconds == 7200)
        #expect(scenario.start == Date(timeIntervalSince1970: 1_782_937_800))  // 2026-07-01T20:30:00Z
    }

    @Test func loadReadsTheFileAndResolvesPathsFromItsFolder() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let path = fixture.scenarios.appendingPathComponent("quick.yaml").path
        try minimalYAML.write(toFile: path, atomically: true, encoding: .utf8)
        let scenario = try Scenario.load(path: path, knownStrategies: knownStrategies)
        #expect(scenario.name == "test")
        #expect(scenario.file.path == path)
        #expect(scenario.traffic.database.path == fixture.dataPath("traffic.sqlite"))
    }

    @Test func loadOfMissingFileNamesThePathAsTyped() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let path = fixture.root.path + "/nope/missing.yaml"
        #expect(throws: ScenarioError(file: path, line: nil, field: "", message: "cannot read file: no such file")) {
            try Scenario.load(path: path, knownStrategies: knownStrategies)
        }
        #expect(throws: ScenarioError(file: fixture.root.path, line: nil, field: "",
                                      message: "cannot read file: it is a folder")) {
            try Scenario.load(path: fixture.root.path, knownStrategies: knownStrategies)
        }
    }

    @Test func errorDescriptionFormat() {
        let full = ScenarioError(file: "scenarios/x.yaml", line: 12, field: "demand.requests_per_hour",
                                 message: "must be > 0, got -5")
        #expect(full.description == "scenarios/x.yaml:12: demand.requests_per_hour: must be > 0, got -5")
        #expect(ScenarioError(file: "a.yaml", line: nil, field: "name", message: "is required").description
            == "a.yaml: name: is required")
        #expect(ScenarioError(file: "a.yaml", line: 3, field: "", message: "bad").description == "a.yaml:3: bad")
        #expect(ScenarioError(file: "a.yaml", line: nil, field: "", message: "bad").description == "a.yaml: bad")
    }
}
