import Core
import Foundation
import Matching
import Pipeline
import Reporter
import RoadNetwork
import Scenario
import Simulator
import Testing

/// Whole runs on a road network (a synthetic street grid written as a network database):
/// the ledger and outcome invariants for every strategy, byte-identical reruns, common
/// random numbers across strategies, and requests standing on network nodes.
@Suite("Runs on a road network")
struct NetworkRunTests {
    static let center = GeoPoint(lat: 40.758, lon: -73.985)

    /// A folder with a 40 × 40 street grid (120 m blocks) around the scenario centre.
    static func networkFolder() throws -> URL {
        let folder = try temporaryFolder()
        let graph = SyntheticGrid.make(rows: 40, columns: 40, spacing: 120, center: center, seed: 3)
        try NetworkDatabase.write(routing: graph, to: folder.appendingPathComponent("grid.sqlite"), source: "synthetic")
        return folder
    }

    static func scenario(in folder: URL, seed: Int = 5, strategy: String = "nearest") throws -> Scenario {
        let yaml = smallScenarioYAML(seed: seed, drivers: 40, rate: 900, extra: "matching: {strategy: \(strategy), max_pickup_eta: 6m}")
            .replacingOccurrences(of: "  radius_km: 3\n", with: "  radius_km: 2\n  network: grid.sqlite\n")
        return try ScenarioRun.loadScenario(path: try writeScenario(yaml, in: folder))
    }

    @Test("ledger, outcomes and determinism hold on the network for every strategy", arguments: StrategyRegistry.inProcessNames)
    func invariants(strategy: String) throws {
        let folder = try Self.networkFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try Self.scenario(in: folder, strategy: strategy)
        let traffic = try ScenarioRun.loadTraffic(for: scenario)
        let travel = try #require(try ScenarioRun.loadTravel(for: scenario))
        let run = try ScenarioRun.simulate(scenario, traffic: traffic, travel: travel)
        let summary = Summary(run)
        func count(_ name: String) -> Int {
            if case .count(let n) = summary[name] { return n }
            return -1
        }
        #expect(count("requests") == run.requests.count && run.requests.count > 100)
        #expect(count("requests") == count("completed") + count("in_progress") + count("cancelled") + count("unmatched"))
        #expect(count("completed") > 0)
        for d in run.drivers {
            #expect(d.online == d.idle + d.repositioning + d.toPickup + d.onTrip)  // pool-batch rebalances idle vehicles
            #expect(d.online == run.horizon)
        }
        // Road distances: every completed trip is at least its straight line, and pickup
        // distances sum to the drivers' deadhead.
        for r in run.requests where r.outcome == .completed {
            let straight: Double = r.origin.haversineMeters(to: r.destination)
            let road: Double = r.tripDistance ?? -1
            #expect(road >= straight * 0.99, "trip \(r.id)")
        }
        if StrategyRegistry.type(named: strategy)?.sharesRides == true {
            PoolingPropertyTests.checkStops(run, label: "network \(strategy)")  // pooled deadhead is driven-empty km
        } else {
            var deadhead = 0.0
            for r in run.requests { deadhead += r.pickupDistance ?? 0 }
            #expect(abs(run.drivers.reduce(0.0) { $0 + $1.deadhead } - deadhead) < 1e-6)
        }
        // Determinism: a rerun writes byte-identical rows.
        let again = try ScenarioRun.simulate(scenario, traffic: traffic, travel: travel)
        let files = ReportWriter.files(for: run), filesAgain = ReportWriter.files(for: again)
        for name in ["requests.csv", "drivers.csv"] {
            #expect(files.first { $0.name == name }?.text == filesAgain.first { $0.name == name }?.text, "\(name)")
        }
    }

    @Test("pooled service on the network: vehicles share, stops and promises hold, reruns are identical")
    func pooled() throws {
        let folder = try Self.networkFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var scenario = try Self.scenario(in: folder, strategy: "pool-insertion")
        scenario.supply.seats = 3
        scenario.matching.pool = .init(maxWait: 300, maxDetour: 240)
        let traffic = try ScenarioRun.loadTraffic(for: scenario)
        let travel = try #require(try ScenarioRun.loadTravel(for: scenario))
        let run = try ScenarioRun.simulate(scenario, traffic: traffic, travel: travel)
        PropertyTests.checkInvariants(run, label: "network pooled")
        #expect(run.requests.filter { $0.shared == true }.count > 20)
        #expect(run.pool.promiseChecks > 100)
        let again = try ScenarioRun.simulate(scenario, traffic: traffic, travel: travel)
        #expect(PoolMetrics.stopsCSV(run) == PoolMetrics.stopsCSV(again))
        #expect(ReportFiles.requestsCSV(run) == ReportFiles.requestsCSV(again))
    }

    @Test("requests stand on network nodes, and demand is identical across strategies")
    func snappedAndCommon() throws {
        let folder = try Self.networkFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let graph = try NetworkDatabase.load(folder.appendingPathComponent("grid.sqlite"), displayPath: "grid.sqlite")
        var demand: [[String]] = []
        for strategy in ["nearest", "batch"] {
            let scenario = try Self.scenario(in: folder, strategy: strategy)
            let run = try ScenarioRun.simulate(scenario, traffic: try ScenarioRun.loadTraffic(for: scenario))
            let model = NetworkTravelModel(graph: graph, projection: LocalProjection(center: Self.center))
            for r in run.requests.prefix(50) {
                // The recorded point is (up to the plane round trip) a node's coordinates.
                let node = model.grid.nearest(to: model.projection.project(r.origin))
                #expect(node.distance < 1e-6)
            }
            demand.append(run.requests.map { (r: RequestRecord) -> String in
                "\(r.requestTime) \(r.origin.lat) \(r.origin.lon) \(r.destination.lat) \(r.destination.lon)"
            })
        }
        #expect(demand[0] == demand[1])
    }

    @Test("traffic.network_speeds: zones scales edge speeds by the traffic table's zones; demand and invariants hold")
    func zoneSpeeds() throws {
        let folder = try Self.networkFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = try Self.scenario(in: folder)
        var zoned = plain
        zoned.traffic.networkSpeeds = .zones
        let traffic = try ScenarioRun.loadTraffic(for: plain)
        let classes = try #require(try ScenarioRun.loadTravel(for: plain) as? NetworkTravelModel)
        let zones = try #require(try ScenarioRun.loadTravel(for: zoned) as? NetworkTravelModel)
        #expect(classes.metrics.zoneFactors == nil)
        let factors = try #require(zones.metrics.zoneFactors)
        // The shipped NYC table's zones differ in speed: the edge times differ from class speeds.
        #expect(Set(factors.factors).count > 10)
        #expect(zones.metrics.time(hourOfWeek: 13).forward != classes.metrics.time(hourOfWeek: 13).forward)
        let a = try ScenarioRun.simulate(plain, traffic: traffic, travel: classes)
        let b = try ScenarioRun.simulate(zoned, traffic: traffic, travel: zones)
        // Same demand (common random numbers), different driving times.
        #expect(a.requests.map(\.requestTime) == b.requests.map(\.requestTime))
        #expect(a.requests.map(\.origin) == b.requests.map(\.origin))
        #expect(a.requests.map(\.dropoffTime) != b.requests.map(\.dropoffTime))
        for d in b.drivers { #expect(d.online == d.idle + d.toPickup + d.onTrip && d.online == b.horizon) }
        let again = try ScenarioRun.simulate(zoned, traffic: traffic, travel: try #require(try ScenarioRun.loadTravel(for: zoned)))
        let files = ReportWriter.files(for: b), filesAgain = ReportWriter.files(for: again)
        #expect(files.first { $0.name == "requests.csv" }?.text == filesAgain.first { $0.name == "requests.csv" }?.text)
        // trip_routes.csv is streamed in chunks: the file equals the whole text, whatever the chunk size.
        let whole = ReportFiles.tripRoutesCSV(b)
        #expect(whole.split(separator: "\n").count > 50)
        for chunk in [64, 4096, 1 << 20] {
            let url = folder.appendingPathComponent("routes-\(chunk).csv")
            try ReportFiles.writeTripRoutesCSV(b, to: url, chunkBytes: chunk)
            #expect(try String(contentsOf: url, encoding: .utf8) == whole, "chunk \(chunk)")
        }
    }
}
