import Core
import Foundation
import Pipeline
import Reporter
import Simulator
import Testing

/// Invariants of whole runs: every request ends in exactly one outcome, the ledgers
/// balance, no driver serves two riders at once, no pickup precedes its match.
@Suite("Run invariants")
struct RunInvariantTests {
    static let seeds: [Int] = [1, 2, 3, 4, 5, 6]

    @Test("conservation and causality hold on several seeds", arguments: seeds)
    func invariants(seed: Int) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Drivers scarce enough that all four outcomes occur.
        let path = try writeScenario(smallScenarioYAML(seed: seed, drivers: 60, rate: 1500), in: folder)
        let scenario = try ScenarioRun.loadScenario(path: path)
        let run = try ScenarioRun.simulate(scenario, traffic: try ScenarioRun.loadTraffic(for: scenario))
        let horizon = run.horizon

        let summary = Summary(run)
        func count(_ name: String) -> Int {
            if case .count(let n) = summary[name] { return n }
            Issue.record("\(name) is not a count"); return -1
        }
        #expect(count("requests") == run.requests.count)
        #expect(count("requests") == count("completed") + count("in_progress") + count("cancelled") + count("unmatched"))
        #expect(count("completed") > 0 && count("cancelled") > 0)
        #expect(run.requests.enumerated().allSatisfy { Int($0.offset) == Int($0.element.id) })

        for r in run.requests {
            #expect(r.requestTime >= 0 && r.requestTime < horizon)
            switch r.outcome {
            case .completed:
                let (m, p, d) = try (#require(r.matchTime), #require(r.pickupTime), #require(r.dropoffTime))
                #expect(r.requestTime <= m && m <= p && p <= d && d < horizon)
                #expect(r.driver != nil && r.finalFare != nil && r.cancelTime == nil)
            case .inProgress:
                #expect(r.matchTime != nil && r.driver != nil && r.dropoffTime == nil && r.cancelTime == nil)
                if let p = r.pickupTime { #expect(p >= r.matchTime!) }
            case .cancelled:
                #expect(r.matchTime == nil && r.driver == nil && r.cancelTime != nil)
                #expect(r.cancelTime! > r.requestTime)
            case .unmatched:
                #expect(r.matchTime == nil && r.driver == nil && r.cancelTime == nil)
            }
        }

        // Driver time: online = idle + to pickup + on trip = the horizon (all online all run).
        for d in run.drivers {
            #expect(d.online == d.idle + d.toPickup + d.onTrip)
            #expect(d.online == horizon)
        }
        // No driver serves two riders at once: each driver's [match, dropoff or end) intervals are disjoint.
        var byDriver: [Int32: [(Millis, Millis)]] = [:]
        for r in run.requests {
            guard let driver = r.driver, let m = r.matchTime else { continue }
            byDriver[driver, default: []].append((m, r.dropoffTime ?? horizon))
        }
        for (_, spans) in byDriver {
            let sorted = spans.sorted { $0.0 < $1.0 }
            for (a, b) in zip(sorted, sorted.dropFirst()) { #expect(a.1 <= b.0) }
        }
        // Trips and revenue in drivers agree with requests.
        let completed = run.requests.filter { $0.outcome == .completed }
        #expect(run.drivers.reduce(0) { $0 + $1.trips } == completed.count)
        let revenue = completed.reduce(0.0) { $0 + $1.finalFare! }
        #expect(abs(run.drivers.reduce(0.0) { $0 + $1.revenue } - revenue) < 1e-6)
    }

    @Test("zero drivers and zero demand run and report sensibly")
    func extremes() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (drivers, rate) in [(0, 600), (50, 0)] {
            let path = try writeScenario(smallScenarioYAML(drivers: drivers, rate: rate), in: folder)
            let scenario = try ScenarioRun.loadScenario(path: path)
            let run = try ScenarioRun.simulate(scenario, traffic: try ScenarioRun.loadTraffic(for: scenario))
            #expect(run.drivers.count == drivers)
            if drivers == 0 {
                #expect(!run.requests.isEmpty)
                #expect(run.requests.allSatisfy { $0.outcome == .cancelled || $0.outcome == .unmatched })
            } else {
                #expect(run.requests.isEmpty)
            }
            let files = ReportWriter.files(for: run)
            #expect(files.map(\.name) == [
                "requests.csv", "drivers.csv", "stops.csv", "summary.csv", "summary.json", "late_events.csv",
                "timeseries.csv", "eta_by_hour.csv", "zones.csv", "zone_shapes.geojson", "report.html",
            ])
            #expect(files.allSatisfy { !$0.text.isEmpty })
        }
    }
}
