import Core
import Foundation
import Matching
import Pipeline
import Reporter
import Scenario
import Simulator
import Testing
import Traffic

/// Properties of pooled runs over random scenarios: riders aboard never exceed the seats,
/// every rider is picked up before being dropped off by the vehicle that was matched, every
/// stop in stops.csv matches requests.csv, every promise the engine made holds on its
/// predicted times, and the ledgers balance (``PropertyTests/checkInvariants``).
@Suite("Properties of pooled runs")
struct PoolingPropertyTests {
    static let cases = Array(0..<30)

    /// A random scenario of ``ScenarioGenerator`` with random pooling settings.
    static func pooledScenario(_ index: Int, strategy: String = "pool-insertion") throws -> Scenario {
        var generator = ScenarioGenerator(index: 1000 + index)
        let yaml = generator.yaml(strategy: strategy, database: trafficDB.path)
        var scenario = try Scenario.parse(yaml: yaml, file: "generated.yaml", baseDirectory: repoRoot,
                                          knownStrategies: StrategyRegistry.names)
        var rng = RandomSource(seed: UInt64(index), stream: .demand)
        scenario.supply.seats = 1 + Int(rng.next() % 4)
        scenario.demand.poolingShare = [0, 0.5, 1][Int(rng.next() % 3)]
        scenario.matching.pool.maxWait = 60 + rng.uniform() * 600
        scenario.matching.pool.maxDetour = rng.uniform() * 600
        scenario.fare.sharedDiscount = rng.uniform() * 0.5
        return scenario
    }

    static func run(_ scenario: Scenario) throws -> RunResult {
        let traffic = TrafficModel(
            table: try PropertyTests.table.get(), projection: LocalProjection(center: scenario.city.center),
            detourFactor: scenario.city.detourFactor, cityRadiusMeters: scenario.city.radiusKm * 1000)
        return try ScenarioRun.simulate(scenario, traffic: traffic)
    }

    @Test("pooled invariants and determinism hold on random scenarios", arguments: cases)
    func randomPooled(index: Int) throws {
        let scenario = try Self.pooledScenario(index)
        let run = try Self.run(scenario)
        PropertyTests.checkInvariants(run, label: "pooled case \(index)")
        let again = try Self.run(scenario)
        #expect(ReportFiles.requestsCSV(run) == ReportFiles.requestsCSV(again), "pooled case \(index)")
        #expect(PoolMetrics.stopsCSV(run) == PoolMetrics.stopsCSV(again), "pooled case \(index)")
        // Solo service on the same demand sees the very same riders.
        var solo = scenario
        solo.matching.strategy = "nearest"
        let alternative = try Self.run(solo)
        #expect(alternative.requests.map(\.requestTime) == run.requests.map(\.requestTime))
        #expect(alternative.requests.map(\.origin) == run.requests.map(\.origin))
    }

    @Test("the generated pooled runs pool: some riders share, some vehicles carry several")
    func coverage() throws {
        var shared = 0, fullest = 0, checks = 0
        for index in Self.cases {
            let run = try Self.run(try Self.pooledScenario(index))
            shared += run.requests.filter { $0.shared == true }.count
            fullest = max(fullest, run.pool.stops.map(\.onboard).max() ?? 0)
            checks += run.pool.promiseChecks
        }
        #expect(shared > 50)
        #expect(fullest >= 3)
        #expect(checks > 500)
    }

    /// The stop log's invariants of a run, recorded as issues naming `label`.
    static func checkStops(_ run: RunResult, label: String) {
        let seats = run.scenario.supply.seats
        #expect(run.pool.promiseBreaks == 0, "\(label): \(run.pool.promiseBreaks) promises broken")
        var aboard: [Int32: Set<Int32>] = [:]
        var picked: [Int32: Millis] = [:], dropped: [Int32: Millis] = [:]
        var previous: Millis = 0
        for s in run.pool.stops {
            #expect(s.time >= previous, "\(label): stops out of time order")
            previous = s.time
            let r = run.requests[Int(s.request)]
            #expect(r.driver == s.driver, "\(label): stop of request \(s.request) by driver \(s.driver), matched \(String(describing: r.driver))")
            if s.kind == .pickup {
                #expect(picked[s.request] == nil && r.pickupTime == s.time, "\(label): pickup of \(s.request)")
                picked[s.request] = s.time
                aboard[s.driver, default: []].insert(s.request)
            } else {
                #expect(picked[s.request] != nil && dropped[s.request] == nil && r.dropoffTime == s.time,
                        "\(label): drop-off of \(s.request) before its pickup")
                dropped[s.request] = s.time
                aboard[s.driver, default: []].remove(s.request)
            }
            let onboard = aboard[s.driver]?.count ?? 0
            #expect(s.onboard == onboard && onboard <= seats, "\(label): driver \(s.driver) carries \(onboard) > \(seats)")
        }
        // Every pickup and drop-off in requests.csv has its stop.
        for r in run.requests {
            #expect(picked[r.id] == r.pickupTime && dropped[r.id] == r.dropoffTime, "\(label): request \(r.id) stops")
            // Not under re-optimisation: a vehicle carrying one rider alone may have been heading
            // for another rider's pickup when that rider moved to another vehicle, and turn
            // from there (a detour within the promise, checked by PoolPromiseTests).
            if let detour = PoolMetrics.detourSeconds(r), r.shared != true, !run.pool.reassignsRiders {
                // Riding alone all the way is the direct trip, up to millisecond rounding.
                #expect(abs(detour) < 0.002, "\(label): request \(r.id) rode alone with detour \(detour)")
            }
        }
    }
}
