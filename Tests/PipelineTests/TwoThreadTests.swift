import Core
import Foundation
import Matching
import Pipeline
import Reporter
import Scenario
import Simulator
import Synchronization
import Testing

/// `threads: 2` (the engine on its own thread, see Simulator/EngineStage.swift) against the
/// reference `threads: 1`: the same scenario and seed give the same bytes, for every kind of
/// strategy, both travel models, solo and pooled service, repositioning and delivery delays.
@Suite("two threads: engine beside the simulator", .serialized)
struct TwoThreadTests {
    /// A 20-minute scenario with `matching` and `supply` extras.
    static func scenario(strategy: String, network: Bool = false, extra: String = "") throws -> Scenario {
        let city = network
            ? "  center: {lat: 43.7384, lon: 7.4246}\n  radius_km: 1.2\n  network: data/monaco.sqlite"
            : "  center: {lat: 40.758, lon: -73.985}\n  radius_km: 3"
        let yaml = """
        name: two-threads
        seed: 11
        start: 2026-03-02T08:00:00-05:00
        duration: 20m
        city:
        \(city)
        traffic:
          database: data/traffic.sqlite
          noise: 0.15
        demand:
          requests_per_hour: \(network ? 600 : 1500)
          patience: {median: 3m, sigma: 0.6}
          pooling_share: 0.8
        supply:
          drivers: \(network ? 60 : 150)
          delivery_delay: {mean: 700ms, max: 3s}
        \(extra)
        matching:
          strategy: \(strategy)
          batch_window: 15s
          pool: {max_wait: 8m, max_detour: 6m}
        """
        return try Scenario.parse(
            yaml: yaml, file: "two-threads.yaml", baseDirectory: repoRoot, knownStrategies: StrategyRegistry.names,
            knownPolicies: RepositioningRegistry.names)
    }

    /// The outputs a user compares: requests, drivers and stops CSV, and the stream counts.
    static func outputs(_ run: RunResult) -> [String] {
        [ReportFiles.requestsCSV(run), ReportFiles.driversCSV(run), PoolMetrics.stopsCSV(run),
         "events \(run.events) late \(run.lateRecords.count) \(run.streams)"]
    }

    static func run(_ scenario: Scenario, threads: Int) throws -> RunResult {
        let traffic = try ScenarioRun.loadTraffic(for: scenario)
        return try ScenarioRun.simulate(scenario, traffic: traffic, travel: try ScenarioRun.loadTravel(for: scenario, traffic: traffic),
                                        threads: threads)
    }

    @Test("threads 2 gives the bytes of threads 1",
          arguments: [("nearest", false, ""), ("batch", false, ""), ("weighted", false, ""), ("fastest-eta", true, ""),
                      ("pool-insertion", false, "  seats: 4"), ("pool-batch", true, "  seats: 3"),
                      ("nearest", false, "  repositioning: {policy: cruise, interval: 2m}"),
                      ("batch", false, "  repositioning: {policy: rebalance, interval: 2m}"),
                      ("pool-insertion", false, "  seats: 4\n  repositioning: {policy: hotspots, interval: 2m}")])
    func identical(strategy: String, network: Bool, supply: String) throws {
        let scenario = try Self.scenario(strategy: strategy, network: network, extra: supply)
        let one = try Self.run(scenario, threads: 1), two = try Self.run(scenario, threads: 2)
        let label = "\(strategy) \(network ? "network" : "straight") \(supply)"
        let a = Self.outputs(one), b = Self.outputs(two)
        for i in a.indices { #expect(a[i] == b[i], "\(label): output \(i) differs") }
        // Not vacuous: the run matched riders and the engine thread delivered records.
        #expect(one.requests.filter { $0.outcome == .completed }.count > 30, "\(label)")
        #expect(one.events > 30_000, "\(label): \(one.events) events")
    }

    /// What the probe saw of the engine's driver table at each decision.
    final class Sightings: Sendable {
        let seen = Mutex<[String]>([])
        /// Most engine threads seen running at a decision.
        let engineThreads = Mutex(0)
    }

    /// The `nearest` strategy, slowed by 300 µs per decision, noting at each decision how many
    /// pings the driver table holds and the newest one's time: a simulator that ran past the
    /// bound would hand the engine thread later pings before the decision, and the notes of
    /// a two-thread run would differ from the reference's.
    struct SlowProbe: MatchingStrategy {
        static let name = "slow-probe"
        static let summary = "nearest, slowed, noting what it sees"
        let cadence: Cadence = .immediate(retry: 1000)
        let inner: NearestStrategy
        let sightings: Sightings

        init(settings: StrategySettings) { self.init(settings: settings, sightings: Sightings()) }

        init(settings: StrategySettings, sightings: Sightings) {
            inner = NearestStrategy(settings: settings)
            self.sightings = sightings
        }

        func assign(_ requests: [PendingRequest], search: inout CandidateSearch) -> [Assignment] {
            usleep(300)
            let rows = search.drivers.rows
            let newest = rows.compactMap(\.locationTime).max() ?? -1
            let located = rows.filter { $0.locationTime != nil }.count
            let note = "\(requests.map(\.key)) located \(located) newest \(newest) outdated \(search.drivers.outdatedPings)"
            sightings.seen.withLock { $0.append(note) }
            let running = TwoThreadTests.engineThreads()
            sightings.engineThreads.withLock { $0 = max($0, running) }
            return inner.assign(requests, search: &search)
        }
    }

    @Test("a slow engine: at every decision the engine has seen exactly the reference's records")
    func slowEngine() throws {
        let scenario = try Self.scenario(strategy: "nearest")
        let traffic = try ScenarioRun.loadTraffic(for: scenario)
        var notes: [[String]] = [], outputs: [[String]] = [], engineThreads: [Int] = []
        for threads in [1, 2] {
            var assembly = try RunAssembler(scenario: scenario, traffic: traffic).assemble(scenario)
            let sightings = Sightings()
            assembly.strategy = SlowProbe(settings: StrategySettings(batchWindow: 1000, weights: (1, 0.2, 0.1, 0.05)),
                                          sightings: sightings)
            let run = try ScenarioRun.simulate(assembly, threads: threads)
            notes.append(sightings.seen.withLock { $0 })
            engineThreads.append(sightings.engineThreads.withLock { $0 })
            outputs.append(Self.outputs(run))
        }
        #expect(notes[0].count > 300, "\(notes[0].count) decisions")
        #expect(notes[0] == notes[1])
        #expect(engineThreads == [0, 1], "the engine thread runs beside the simulator only with threads 2")
        #expect(outputs[0] == outputs[1])
    }

    /// Threads of this process named as the engine thread.
    static func engineThreads() -> Int {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.filter {
            (try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8))?.hasPrefix("rm-engine") == true
        }.count
    }

    @Test("an interrupted two-thread run stops, reports it, and leaves no engine thread running")
    func interrupted() throws {
        #expect(FileManager.default.fileExists(atPath: "/proc/self/task"))
        let scenario = try Self.scenario(strategy: "nearest")
        let traffic = try ScenarioRun.loadTraffic(for: scenario)
        let stop = StopFlag()
        stop.raise()
        #expect(throws: SimulationStopped.self) {
            _ = try ScenarioRun.simulate(scenario, traffic: traffic, stop: stop, threads: 2)
        }
        // The stage joins its thread before `simulate` returns (the suite runs one test at a time).
        #expect(Self.engineThreads() == 0)
        let again = try Self.run(scenario, threads: 2)
        #expect(again.events > 0)
        #expect(Self.engineThreads() == 0)
    }
}
