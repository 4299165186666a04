import Core
import Foundation
import Matching
import Pipeline
import Reporter
import Scenario
import Simulator
import Testing

/// With no noise (traffic noise 0, GPS noise 0, no delivery delay) the simulator's truth is
/// the engine's prediction, so every promise a pooled decision makes must hold as driven:
/// every completed rider waits at most `max_wait` and rides at most `max_detour` longer than
/// its direct trip, to the millisecond — for every pooled strategy, on straight lines and on
/// Manhattan's streets, with the platform repositioning idle vehicles and without, and for
/// `pool-batch` with re-optimisation (riders moving between vehicles) and without. The runs
/// cross an hour of the week (18:50–19:10 in New York), where the traffic tables' speeds change.
@Suite("Pooled promises hold as driven")
struct PoolPromiseTests {
    static func yaml(network: Bool, policy: String, strategy: String, reoptimize: Bool? = nil) -> String {
        """
        name: promise
        seed: 11
        start: 2026-03-02T18:50:00-05:00
        duration: 20m
        city:
          center: {lat: 40.758, lon: -73.985}
          radius_km: 2
          cell_size_m: 300
          detour_factor: 1.3
        \(network ? "  network: data/manhattan.sqlite" : "")
        traffic:
          database: data/traffic.sqlite
        \(network ? "  network_speeds: zones" : "")
          noise: 0
        demand:
          requests_per_hour: 2400
          patience: {median: 5m, sigma: 0.5}
          pooling_share: 1
        supply:
          drivers: 100
          seats: 4
          gps_noise_m: 0
          delivery_delay: {mean: 0s, max: 0s}
          repositioning: {policy: \(policy), interval: 2m}
        matching:
          strategy: \(strategy)
          batch_window: 10s
          max_pickup_eta: 10m
          pool: {max_wait: 6m, max_detour: 4m\(reoptimize.map { ", reoptimize: \($0)" } ?? "")}
        """
    }

    @Test("no noise: every completed pooled rider within max_wait and max_detour (1 ms)",
          arguments: ["pool-insertion", "pool-batch", "pool-batch reoptimize=true"], [false, true])
    func promisesHold(variant: String, network: Bool) throws {
        let strategy = String(variant.split(separator: " ")[0])
        let reoptimize: Bool? = variant.hasSuffix("reoptimize=true") ? true : nil
        for policy in ["stay", "rebalance"] {
            let label = "\(variant) \(network ? "network" : "straight") \(policy)"
            let scenario = try Scenario.parse(
                yaml: Self.yaml(network: network, policy: policy, strategy: strategy, reoptimize: reoptimize),
                file: "promise.yaml",
                baseDirectory: repoRoot, knownStrategies: StrategyRegistry.names,
                knownPolicies: RepositioningRegistry.names)
            let traffic = try ScenarioRun.loadTraffic(for: scenario)
            let travel = try ScenarioRun.loadTravel(for: scenario)
            #expect(travel.drivesRoutes == network, "\(label)")
            let run = try ScenarioRun.simulate(scenario, traffic: traffic, travel: travel)
            let completed = run.requests.filter { $0.outcome == .completed }
            var shared = 0, acrossHour = 0
            for r in completed {
                let wait = try #require(r.pickupTime).seconds - r.requestTime.seconds
                let detour = try #require(PoolMetrics.detourSeconds(r))
                #expect(wait <= 360.001, "\(label): request \(r.id) waited \(wait) s")
                #expect(detour <= 240.001, "\(label): request \(r.id) rode \(detour) s over its direct trip")
                if r.shared == true { shared += 1 }
                if r.pickupTime! < 600_000, r.dropoffTime! > 600_000 { acrossHour += 1 }
            }
            #expect(run.pool.promiseBreaks == 0, "\(label)")
            // Not vacuous: riders shared, and rode across the hour where speeds change.
            #expect(completed.count > 80, "\(label): \(completed.count) completed")
            #expect(shared > 40, "\(label): \(shared) shared")
            #expect(acrossHour > 10, "\(label): \(acrossHour) rode across 19:00")
            if policy == "rebalance" { #expect(run.repositioning.legs.count > 0, "\(label): nobody repositioned") }
            // Re-optimisation (off by default) moved riders where it was set, and only there.
            let moves = reoptimize == true
            #expect(run.pool.reassignsRiders == moves, "\(label)")
            #expect(moves ? run.pool.reassignments > 0 : run.pool.reassignments == 0, "\(label): \(run.pool.reassignments) moves")
            // Conservation: every request has exactly one outcome; each completed rider is picked
            // up and dropped off once, by the vehicle it ended with; driver time balances.
            #expect(Metrics(run).requestsBalance == 0, "\(label)")
            #expect(abs(Metrics(run).driverTimeBalanceHours) < 1e-9, "\(label)")
            var stopsOf: [Int32: [StopRecord]] = [:]
            for stop in run.pool.stops { stopsOf[stop.request, default: []].append(stop) }
            for r in completed {
                let stops = stopsOf[r.id] ?? []
                #expect(stops.map(\.kind) == [.pickup, .dropoff] && stops.allSatisfy { $0.driver == r.driver },
                        "\(label): request \(r.id) stops \(stops)")
            }
        }
    }
}
