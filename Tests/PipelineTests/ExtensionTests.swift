import Core
import Foundation
import Matching
import Pipeline
import Reporter
import Scenario
import Simulator
import Testing

/// How many assignments one strategy value made (shared by the value's copies).
final class AssignmentTally: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func add(_ n: Int) { lock.withLock { count += n } }
    var value: Int { lock.withLock { count } }
}

/// A strategy defined outside the Matching module: nearest-by-distance, retrying waiting
/// requests every `batch_window` (its one setting), with a summary column of its own.
struct CountedNearestStrategy: MatchingStrategy {
    static let name = "test-counted-nearest"
    static let summary = "test: nearest, retried every batch_window, counting its assignments"
    static let summaryColumnNames = ["test_counted_assignments"]

    let cadence: Cadence
    let tally = AssignmentTally()

    init(settings: StrategySettings) { cadence = .immediate(retry: settings.batchWindow) }

    func assign(_ requests: [PendingRequest], search: inout CandidateSearch) -> [Assignment] {
        let out = NearestStrategy(settings: StrategySettings(batchWindow: 0, weights: (1, 0, 0, 0)))
            .assign(requests, search: &search)
        tally.add(out.count)
        return out
    }

    var summaryColumns: [StrategyColumn] { [StrategyColumn("test_counted_assignments", .count(tally.value))] }
}

/// A platform policy defined outside the Matching module: at each run it sends every
/// available driver with a fresh location that it has not sent before to the city centre.
struct SendToCentrePolicy: RepositioningPolicy {
    static let name = "test-to-centre"
    static let summary = "test: the platform sends each idle driver to the centre, once"
    static let decider = RepositioningDecider.platform

    var sent = Set<Int32>()

    init(settings: RepositioningSettings) {}

    mutating func reposition(_ view: PlatformView) -> [RepositionDecision] {
        var out: [RepositionDecision] = []
        for (d, row) in view.search.drivers.rows.enumerated() where row.status == .available {
            guard let seenAt = row.locationTime, view.now - seenAt <= view.search.staleness,
                  sent.insert(Int32(d)).inserted else { continue }
            out.append(RepositionDecision(driver: Int32(d), target: PlanePoint(x: 0, y: 0), time: view.now))
        }
        return out
    }
}

/// Extending ridematch from outside its modules (docs/architecture.md, "How to extend"): a
/// strategy and a platform policy defined here, registered for these tests alone, run
/// through the whole pipeline.
@Suite("Extensions")
struct ExtensionTests {
    static func scenario(strategy: String, policy: String = "stay", in folder: URL) throws -> Scenario {
        var yaml = smallScenarioYAML(seed: 5, drivers: 60, rate: 700, extra: """
            matching: {strategy: \(strategy), max_pickup_eta: 6m, batch_window: 1s}
            """)
        yaml = yaml.replacingOccurrences(
            of: "  delivery_delay: {mean: 800ms, max: 4s}\n",
            with: """
              delivery_delay: {mean: 800ms, max: 4s}
              start_area: {center: {lat: 40.748, lon: -73.998}, radius_km: 0.8}
              repositioning: {policy: \(policy), interval: 1m, max_km: 6}

            """)
        return try ScenarioRun.loadScenario(path: try writeScenario(yaml, in: folder, file: "\(strategy)-\(policy).yaml"))
    }

    static func run(_ scenario: Scenario) throws -> RunResult {
        try ScenarioRun.simulate(scenario, traffic: try ScenarioRun.loadTraffic(for: scenario))
    }

    @Test("a strategy registered from a test runs like the built-in it wraps and fills its own summary column")
    func strategy() throws {
        let folder = try temporaryFolder()
        // Unknown outside its registration scope.
        #expect(throws: (any Error).self) { try Self.scenario(strategy: CountedNearestStrategy.name, in: folder) }
        let reference = try Self.run(try Self.scenario(strategy: "nearest", in: folder))
        try StrategyRegistry.withRegistered([CountedNearestStrategy.self]) {
            #expect(StrategyRegistry.names.last == CountedNearestStrategy.name)
            let run = try Self.run(try Self.scenario(strategy: CountedNearestStrategy.name, in: folder))
            // nearest retries every second, as this one does with batch_window: 1s.
            #expect(run.requests == reference.requests)
            #expect(run.drivers == reference.drivers)
            let matched = run.requests.filter { $0.matchTime != nil }.count
            #expect(matched > 0)
            #expect(run.strategyColumn("test_counted_assignments") == .count(matched))
            let summary = Summary(run)
            #expect(summary["test_counted_assignments"] == .count(matched))
            #expect(summary["strategy"] == .text(CountedNearestStrategy.name))
            // The reference run has the column too (every registered strategy's), empty.
            #expect(Summary(reference)["test_counted_assignments"] == .number(nil, decimals: 0))
        }
        #expect(!StrategyRegistry.names.contains(CountedNearestStrategy.name))
    }

    @Test("a platform policy registered from a test sends drivers through the engine")
    func platformPolicy() throws {
        let folder = try temporaryFolder()
        try RepositioningRegistry.withRegistered([SendToCentrePolicy.self]) {
            let scenario = try Self.scenario(strategy: "nearest", policy: SendToCentrePolicy.name, in: folder)
            let run = try Self.run(scenario)
            let stats = run.repositioning
            #expect(stats.policy == SendToCentrePolicy.name)
            // Each driver is sent at most once, so at most one leg per driver, and every
            // decision is either played out (a leg) or ignored (the driver was busy).
            #expect(stats.decisionsApplied > 0)
            #expect(stats.decisionsApplied + stats.decisionsIgnored <= run.drivers.count)
            #expect(stats.legs.count == stats.decisionsApplied)
            #expect(Set(stats.legs.map(\.driver)).count == stats.legs.count)
            for d in run.drivers { #expect(d.online == d.idle + d.repositioning + d.toPickup + d.onTrip) }
            #expect(try Self.run(scenario).requests == run.requests)
        }
    }
}
