import Core
import Foundation
import Matching
import Pipeline
import Reporter
import Scenario
import Simulator
import Testing

/// Pooling and repositioning together: empty pooling vehicles reposition, and a vehicle on
/// a repositioning leg can take a pooled rider on the way. Every invariant of each feature
/// holds on random pooled scenarios under every repositioning policy.
@Suite("Pooled runs with repositioning")
struct PoolingRepositioningTests {
    static let cases = Array(0..<12)

    @Test("ledger, stops, promises, legs and determinism hold for every policy", arguments: cases)
    func pooledAndRepositioning(index: Int) throws {
        let policies = RepositioningRegistry.names.filter { $0 != "stay" }
        var scenario = try PoolingPropertyTests.pooledScenario(index, strategy: index % 2 == 0 ? "pool-insertion" : "pool-batch")
        scenario.supply.seats = max(2, scenario.supply.seats)
        scenario.supply.repositioning.policy = policies[index % policies.count]
        scenario.supply.repositioning.interval = 60
        let label = "case \(index) (\(scenario.matching.strategy), \(scenario.supply.repositioning.policy))"
        let run = try PoolingPropertyTests.run(scenario)
        PropertyTests.checkInvariants(run, label: label)
        PoolingPropertyTests.checkStops(run, label: label)
        // The repositioning ledger is the sum of the legs driven, driver by driver.
        var legTime = [Millis](repeating: 0, count: run.drivers.count)
        var legMeters = [Double](repeating: 0, count: run.drivers.count)
        for leg in run.repositioning.legs {
            #expect(leg.start <= leg.end && leg.end <= run.horizon, "\(label)")
            legTime[Int(leg.driver)] += leg.end - leg.start
            legMeters[Int(leg.driver)] += leg.meters
        }
        for d in run.drivers {
            #expect(legTime[Int(d.id)] == d.repositioning, "\(label): driver \(d.id)")
            #expect(abs(legMeters[Int(d.id)] - d.repositionMeters) < 1e-6, "\(label): driver \(d.id)")
        }
        // No vehicle repositions while it carries or is heading for a rider: each leg lies
        // outside the time from the vehicle's first stop of a ride to its last.
        var busy: [Int32: [(Millis, Millis)]] = [:]
        var open: [Int32: (start: Millis, riders: Int)] = [:]
        for s in run.pool.stops {
            if s.kind == .pickup, open[s.driver] == nil { open[s.driver] = (s.time, 0) }
            if s.onboard == 0, let o = open[s.driver] {
                busy[s.driver, default: []].append((o.start, s.time))
                open[s.driver] = nil
            }
        }
        for leg in run.repositioning.legs {
            for (a, b) in busy[leg.driver] ?? [] {
                #expect(leg.end <= a || leg.start >= b, "\(label): driver \(leg.driver) repositioned while carrying riders")
            }
        }
        let again = try PoolingPropertyTests.run(scenario)
        #expect(ReportFiles.requestsCSV(run) == ReportFiles.requestsCSV(again), "\(label)")
        #expect(ReportFiles.driversCSV(run) == ReportFiles.driversCSV(again), "\(label)")
    }

    @Test("some vehicles both pool riders and reposition across the generated runs")
    func coverage() throws {
        var movedAndPooled = 0
        for index in Self.cases.prefix(6) {
            var scenario = try PoolingPropertyTests.pooledScenario(index)
            scenario.supply.seats = 4
            scenario.demand.poolingShare = 1
            scenario.supply.repositioning.policy = "cruise"
            let run = try PoolingPropertyTests.run(scenario)
            let moved = Set(run.repositioning.legs.map(\.driver))
            let pooled = Set(run.pool.stops.filter { $0.onboard >= 2 }.map(\.driver))
            movedAndPooled += moved.intersection(pooled).count
        }
        #expect(movedAndPooled > 0)
    }
}
