import Core
import Foundation
import Matching
import Pipeline
import Reporter
import RoadNetwork
import Scenario
import Simulator
import Testing

/// Whole runs with every repositioning policy, on straight lines and on a road network:
/// the ledger (online = idle + repositioning + to pickup + on trip), the outcome and
/// causality invariants, legs that never overlap a ride, the time series' driver states,
/// identical demand across policies (common random numbers), and byte-identical reruns.
@Suite("Repositioning runs")
struct RepositioningRunTests {
    /// A small city where drivers start in the south-west and demand sits in the north-east.
    static func yaml(policy: String, seed: Int = 3, network: Bool = false) -> String {
        var text = smallScenarioYAML(seed: seed, drivers: 80, rate: 600, extra: """
            matching: {strategy: nearest, max_pickup_eta: 6m}
            fare: {surge: {max: 2.5, interval: 30s}}
            """)
        text = text.replacingOccurrences(
            of: "  delivery_delay: {mean: 800ms, max: 4s}\n",
            with: """
              delivery_delay: {mean: 800ms, max: 4s}
              start_area: {center: {lat: 40.748, lon: -73.998}, radius_km: 0.8}
              repositioning: {policy: \(policy), interval: 1m, max_km: 6, cruise_km: 0.5}

            """)
        text = text.replacingOccurrences(
            of: "hotspots: [{lat: 40.7506, lon: -73.9935, radius_km: 0.8, weight: 2}]",
            with: "hotspots: [{lat: 40.768, lon: -73.972, radius_km: 0.8, weight: 4}]")
            .replacingOccurrences(of: "duration: 20m", with: "duration: 30m")
        if network { text = text.replacingOccurrences(of: "  radius_km: 3\n", with: "  radius_km: 2\n  network: grid.sqlite\n") }
        return text
    }

    static func run(policy: String, seed: Int = 3, network: Bool = false, in folder: URL) throws -> RunResult {
        let scenario = try ScenarioRun.loadScenario(path: try writeScenario(
            yaml(policy: policy, seed: seed, network: network), in: folder, file: "\(policy)-\(seed)-\(network).yaml"))
        #expect(scenario.supply.repositioning.policy == policy)
        let traffic = try ScenarioRun.loadTraffic(for: scenario)
        return try ScenarioRun.simulate(scenario, traffic: traffic)
    }

    static func networkFolder() throws -> URL {
        let folder = try temporaryFolder()
        let graph = SyntheticGrid.make(rows: 40, columns: 40, spacing: 120, center: NetworkRunTests.center, seed: 3)
        try NetworkDatabase.write(routing: graph, to: folder.appendingPathComponent("grid.sqlite"), source: "synthetic")
        return folder
    }

    /// Every invariant of one run.
    static func checkInvariants(_ run: RunResult, policy: String) throws {
        let horizon = run.horizon
        let summary = Summary(run)
        func count(_ name: String) -> Int {
            if case .count(let n) = summary[name] { return n }
            return -1
        }
        #expect(count("requests") == count("completed") + count("in_progress") + count("cancelled") + count("unmatched"))
        #expect(count("completed") > 0)
        // The ledger, driver by driver and in the summary.
        for d in run.drivers {
            #expect(d.online == d.idle + d.repositioning + d.toPickup + d.onTrip, "driver \(d.id)")
            #expect(d.online + d.offline == horizon)
        }
        if case .number(let balance, _) = summary["driver_time_balance_h"] { #expect(balance == 0) }
        // Legs: the ledger's time and distance are the legs' sums; a driver's legs never
        // overlap each other or any ride of its own ([match, drop-off)).
        let legs = run.repositioning.legs
        var legTime = [Millis](repeating: 0, count: run.drivers.count)
        var legMeters = [Double](repeating: 0, count: run.drivers.count)
        var spans: [Int32: [(Millis, Millis)]] = [:]
        for leg in legs {
            #expect(leg.start <= leg.end && leg.end <= horizon && leg.meters >= 0)
            legTime[Int(leg.driver)] += leg.end - leg.start
            legMeters[Int(leg.driver)] += leg.meters
            spans[leg.driver, default: []].append((leg.start, leg.end))
        }
        for d in run.drivers {
            #expect(legTime[Int(d.id)] == d.repositioning, "driver \(d.id)")
            #expect(abs(legMeters[Int(d.id)] - d.repositionMeters) < 1e-6)
        }
        for r in run.requests {
            guard let driver = r.driver, let m = r.matchTime else { continue }
            spans[driver, default: []].append((m, r.dropoffTime ?? horizon))
        }
        for (_, s) in spans {
            let sorted = s.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            for (a, b) in zip(sorted, sorted.dropFirst()) { #expect(a.1 <= b.0) }
        }
        if policy == "stay" {
            #expect(legs.isEmpty)
        } else {
            #expect(!legs.isEmpty, "\(policy) never moved a driver")
        }
        // The time series: at every interval end, online = idle + busy + repositioning.
        let series = TimeSeries(run)
        for row in series.rows {
            #expect(row.idleDrivers >= 0 && row.repositioningDrivers >= 0)
            #expect(row.idleDrivers + row.busyDrivers + row.repositioningDrivers == run.drivers.count)
        }
        let km = series.rows.reduce(0) { $0 + $1.repositionMeters }
        #expect(abs(km - legs.reduce(0) { $0 + $1.meters }) < 1e-6)
    }

    @Test("straight lines: the ledger and every invariant hold, and demand is the same", arguments: RepositioningRegistry.names)
    func straightLine(policy: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.run(policy: policy, in: folder)
        try Self.checkInvariants(run, policy: policy)
        let stay = try Self.run(policy: "stay", in: folder)
        #expect(run.requests.map { [$0.requestTime.seconds, $0.origin.lat, $0.origin.lon, $0.destination.lat] }
            == stay.requests.map { [$0.requestTime.seconds, $0.origin.lat, $0.origin.lon, $0.destination.lat] })
        let again = try Self.run(policy: policy, in: folder)
        let files = ReportWriter.files(for: run), filesAgain = ReportWriter.files(for: again)
        for name in ["requests.csv", "drivers.csv", "timeseries.csv"] {
            #expect(files.first { $0.name == name }?.text == filesAgain.first { $0.name == name }?.text, "\(name)")
        }
    }

    @Test("on a road network: the ledger and every invariant hold", arguments: RepositioningRegistry.names)
    func network(policy: String) throws {
        let folder = try Self.networkFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.run(policy: policy, network: true, in: folder)
        try Self.checkInvariants(run, policy: policy)
    }

    @Test("drivers that start apart from demand: rebalance matches more riders on every seed", arguments: [1, 2, 3])
    func rebalanceHelps(seed: Int) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let stay = try Self.run(policy: "stay", seed: seed, in: folder)
        let rebalance = try Self.run(policy: "rebalance", seed: seed, in: folder)
        let matched = { (run: RunResult) in run.requests.filter { $0.matchTime != nil }.count }
        #expect(matched(rebalance) > matched(stay), "rebalance \(matched(rebalance)) vs stay \(matched(stay))")
        #expect(rebalance.repositioning.decisionsApplied > 0)
    }

    @Test("compare --policies runs every strategy with every policy on identical demand")
    func comparePolicies() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeScenario(Self.yaml(policy: "stay"), in: folder)
        let out = folder.appendingPathComponent("out")
        let result = try ridematch(["compare", path, "--strategies", "nearest", "--policies", "stay,rebalance", "--replications", "2",
                                    "--out", out.path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let csv = try String(contentsOf: out.appendingPathComponent("small/compare.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n")
        #expect(rows.count == 3 && rows[1].contains("nearest+stay") && rows[2].contains("nearest+rebalance"))
        #expect(rows[0].contains("reposition_km_mean"))
        for arm in ["nearest+stay", "nearest+rebalance"] {
            let requests = out.appendingPathComponent("small/\(arm)/requests.csv")
            #expect(FileManager.default.fileExists(atPath: requests.path))
        }
        let bad = try ridematch(["compare", path, "--policies", "stay,teleport", "--out", out.path])
        #expect(bad.status == 2 && bad.stderrLines.count == 1 && bad.stderr.contains("--policies: unknown policy 'teleport'"))
    }

    @Test("the report's repositioning figures recount from drivers.csv and timeseries.csv", arguments: ["rebalance", "cruise"])
    func reportRecounts(policy: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.run(policy: policy, in: folder)
        let files = ReportWriter.files(for: run)
        func table(_ name: String) throws -> (header: [String], rows: [[String]]) {
            let text = try #require(files.first { $0.name == name }?.text)
            let lines = text.split(separator: "\n").map { $0.components(separatedBy: ",") }
            return (lines[0], Array(lines.dropFirst()))
        }
        func column(_ t: (header: [String], rows: [[String]]), _ name: String) throws -> [Double] {
            let i = try #require(t.header.firstIndex(of: name))
            return t.rows.map { Double($0[i]) ?? .nan }
        }
        let drivers = try table("drivers.csv"), summary = try table("summary.csv")
        func summaryValue(_ name: String) throws -> String { summary.rows[0][try #require(summary.header.firstIndex(of: name))] }
        let seconds = try column(drivers, "reposition_s").reduce(0, +)
        let km = try column(drivers, "reposition_km").reduce(0, +)
        #expect(seconds > 0)
        #expect(try summaryValue("driver_repositioning_h") == Format.fixed(seconds / 3600, 4))
        #expect(abs(Double(try summaryValue("reposition_km"))! - km) < 0.001 * Double(run.drivers.count))
        #expect(try summaryValue("repositioning_policy") == policy)
        #expect(try summaryValue("driver_time_balance_h") == "0.0000")
        // online_s = idle_s + reposition_s + to_pickup_s + on_trip_s, row by row (ms-exact cells).
        let online = try column(drivers, "online_s"), idle = try column(drivers, "idle_s")
        let moving = try column(drivers, "reposition_s"), toPickup = try column(drivers, "to_pickup_s")
        let onTrip = try column(drivers, "on_trip_s")
        for i in online.indices { #expect(abs(online[i] - (idle[i] + moving[i] + toPickup[i] + onTrip[i])) < 1e-6) }
        let series = try table("timeseries.csv")
        #expect(abs(try column(series, "reposition_km").reduce(0, +) - km) < 0.001 * Double(series.rows.count + run.drivers.count))
    }

    @Test("the registry lists the built-in policies in order, each with who decides")
    func registry() {
        #expect(RepositioningRegistry.names == ["stay", "cruise", "hotspots", "rebalance", "surge-chase"])
        #expect(RepositioningRegistry.all.map { $0.decider.rawValue } == ["driver", "driver", "driver", "platform", "driver"])
    }
}
