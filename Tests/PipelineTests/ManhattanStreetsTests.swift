import Core
import Foundation
import Pipeline
import Reporter
import Scenario
import Simulator
import Testing

/// The shipped Manhattan scenarios on Manhattan's streets (data/manhattan.sqlite): each runs on
/// the network (a shortened horizon keeps the debug build quick; .ci/run and the golden cases
/// run them longer in release) with the ledger and determinism holding.
@Suite("Manhattan on its streets")
struct ManhattanStreetsTests {
    @Test("every Manhattan street scenario runs on data/manhattan.sqlite: ledger, road distances, reruns identical",
          arguments: [("manhattan-replay.yaml", 900.0), ("manhattan-pool.yaml", 300.0), ("manhattan-weekday.yaml", 120.0)])
    func streetScenario(file: String, seconds: Double) throws {
        var scenario = try ScenarioRun.loadScenario(path: repoRoot.appendingPathComponent("scenarios/\(file)").path)
        #expect(scenario.city.network?.lastPathComponent == "manhattan.sqlite")
        scenario.duration = seconds
        let traffic = try ScenarioRun.loadTraffic(for: scenario)
        let travel = try #require(try ScenarioRun.loadTravel(for: scenario))
        #expect(travel.drivesRoutes)
        let run = try ScenarioRun.simulate(scenario, traffic: traffic, travel: travel)
        let summary = Summary(run)
        func count(_ name: String) -> Int {
            if case .count(let n) = summary[name] { return n }
            return -1
        }
        #expect(run.requests.count > 100)
        #expect(count("requests") == count("completed") + count("in_progress") + count("cancelled") + count("unmatched"))
        #expect(count("completed") > 0)
        for d in run.drivers { #expect(d.online == d.idle + d.toPickup + d.onTrip, "driver \(d.id)") }
        for r in run.requests where r.outcome == .completed {
            #expect((r.tripDistance ?? -1) >= r.origin.haversineMeters(to: r.destination) * 0.99, "trip \(r.id)")
        }
        let again = try ScenarioRun.simulate(scenario, traffic: traffic, travel: travel)
        let files = ReportWriter.files(for: run), filesAgain = ReportWriter.files(for: again)
        for name in ["requests.csv", "drivers.csv", "stops.csv"] {
            #expect(files.first { $0.name == name }?.text == filesAgain.first { $0.name == name }?.text, "\(name)")
        }
    }
}
