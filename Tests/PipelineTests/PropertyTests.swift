import Core
import Foundation
import Matching
import Pipeline
import Reporter
import Scenario
import Simulator
import Testing
import Traffic

/// Properties of whole runs over hundreds of random valid scenarios (``ScenarioGenerator``),
/// tiny to busy, spread over every registered strategy: the conservation ledger balances,
/// every request has exactly one consistent outcome, no driver serves two riders at once,
/// no pickup precedes its match, reruns are byte-identical, and changing the strategy
/// leaves demand unchanged (common random numbers).
@Suite("Properties of random scenarios")
struct PropertyTests {
    /// How many random scenarios; each runs twice (and once more per other strategy for
    /// the common-random-numbers check on every tenth case).
    static let cases = Array(0..<200)

    /// The shipped traffic table, read once.
    static let table = Result { try TrafficDatabase.load(trafficDB, displayPath: "traffic.sqlite") }

    /// Parses generated YAML (through the real parser) and runs it with `strategy`.
    static func run(_ yaml: String, strategy: String? = nil) throws -> RunResult {
        var scenario = try Scenario.parse(yaml: yaml, file: "generated.yaml", baseDirectory: repoRoot,
                                          knownStrategies: StrategyRegistry.names, knownPolicies: RepositioningRegistry.names)
        if let strategy { scenario.matching.strategy = strategy }
        let traffic = TrafficModel(
            table: try table.get(), projection: LocalProjection(center: scenario.city.center),
            detourFactor: scenario.city.detourFactor, cityRadiusMeters: scenario.city.radiusKm * 1000)
        return try ScenarioRun.simulate(scenario, traffic: traffic)
    }

    @Test("invariants, determinism and common random numbers hold on random scenarios", arguments: cases)
    func randomScenario(index: Int) throws {
        let names = StrategyRegistry.inProcessNames
        let strategy = names[index % names.count]
        var generator = ScenarioGenerator(index: index)
        // Every repositioning policy, across the strategies.
        let policies = RepositioningRegistry.names
        let yaml = generator.yaml(strategy: strategy, database: trafficDB.path,
                                  policy: policies[(index / names.count) % policies.count])
        let run = try Self.run(yaml)
        #expect(run.strategy == strategy)
        Self.checkInvariants(run, label: "case \(index) (\(strategy))")

        // Byte-identical rerun.
        let again = try Self.run(yaml)
        #expect(ReportFiles.requestsCSV(run) == ReportFiles.requestsCSV(again), "case \(index): requests.csv differs")
        #expect(ReportFiles.driversCSV(run) == ReportFiles.driversCSV(again), "case \(index): drivers.csv differs")
        #expect(run.events == again.events && run.lateRecords == again.lateRecords)

        // Common random numbers: another strategy sees the very same riders.
        guard index % 10 == 0 else { return }
        for other in names where other != strategy {
            let alternative = try Self.run(yaml, strategy: other)
            Self.checkInvariants(alternative, label: "case \(index) (\(other))")
            #expect(alternative.requests.count == run.requests.count, "case \(index): \(other) changed the demand")
            for (a, b) in zip(run.requests, alternative.requests) {
                #expect(a.requestTime == b.requestTime && a.origin == b.origin && a.destination == b.destination)
            }
        }
    }

    @Test("the generator covers tiny to busy: empty runs, scarce drivers, all four outcomes")
    func coverage() throws {
        var sawEmpty = false, sawNoDrivers = false, sawAllOutcomes = false, maxRequests = 0
        for index in Self.cases.prefix(60) {
            var generator = ScenarioGenerator(index: index)
            let run = try Self.run(generator.yaml(strategy: StrategyRegistry.names[0], database: trafficDB.path))
            sawEmpty = sawEmpty || run.requests.isEmpty
            sawNoDrivers = sawNoDrivers || (run.drivers.isEmpty && !run.requests.isEmpty)
            maxRequests = max(maxRequests, run.requests.count)
            let outcomes = Set(run.requests.map(\.outcome))
            sawAllOutcomes = sawAllOutcomes || outcomes.count == RequestOutcome.allCases.count
        }
        #expect(sawEmpty && sawNoDrivers && sawAllOutcomes)
        #expect(maxRequests >= 400)
    }

    @Test("the invariant checker catches broken runs (a double-booked driver, a pickup before its match, a lost request)")
    func checkerCanFail() throws {
        var generator = ScenarioGenerator(index: 3)
        var yaml = generator.yaml(strategy: StrategyRegistry.names[0], database: trafficDB.path)
        yaml = yaml.replacingOccurrences(of: #"drivers: \d+"#, with: "drivers: 10", options: .regularExpression)
            .replacingOccurrences(of: #"requests_per_hour: [0-9.]+"#, with: "requests_per_hour: 2000",
                                  options: .regularExpression)
        let run = try Self.run(yaml)
        let matched = run.requests.indices.filter { run.requests[$0].driver != nil }
        try #require(matched.count >= 2)
        var doubleBooked = run
        doubleBooked.requests[matched[1]].driver = run.requests[matched[0]].driver
        doubleBooked.requests[matched[1]].matchTime = run.requests[matched[0]].matchTime
        withKnownIssue { Self.checkInvariants(doubleBooked, label: "double-booked") }
        var early = run
        early.requests[matched[0]].pickupTime = early.requests[matched[0]].matchTime! - 1
        withKnownIssue { Self.checkInvariants(early, label: "early pickup") }
        var lost = run
        lost.requests[matched[0]].outcome = .unmatched
        withKnownIssue { Self.checkInvariants(lost, label: "lost") }
    }

    /// Every invariant a finished run must satisfy, recorded as issues naming `label`.
    static func checkInvariants(_ run: RunResult, label: String) {
        let horizon = run.horizon
        let summary = Summary(run)
        func count(_ name: String) -> Int {
            if case .count(let n) = summary[name] { return n }
            Issue.record("\(label): \(name) is not a count"); return -1
        }
        // Conservation: requests in = completed + in progress + cancelled + unmatched.
        let outcomes = RequestOutcome.allCases.map { outcome in run.requests.filter { $0.outcome == outcome }.count }
        #expect(count("requests") == run.requests.count, "\(label)")
        #expect(outcomes.reduce(0, +) == run.requests.count, "\(label)")
        #expect([count("completed"), count("in_progress"), count("cancelled"), count("unmatched")]
            == RequestOutcome.allCases.map { o in run.requests.filter { $0.outcome == o }.count }, "\(label)")

        var previous: Millis = 0
        for (i, r) in run.requests.enumerated() {
            #expect(Int(r.id) == i && r.requestTime >= previous && r.requestTime < horizon, "\(label): request \(i)")
            previous = r.requestTime
            #expect(consistent(r, horizon: horizon), "\(label): request \(i) is inconsistent: \(r)")
        }
        // Driver time: online = idle + to pickup + on trip, and online + offline = the horizon.
        for d in run.drivers {
            #expect(d.online == d.idle + d.repositioning + d.toPickup + d.onTrip, "\(label): driver \(d.id)")
            #expect(d.online + d.offline == horizon, "\(label): driver \(d.id)")
            #expect(d.idle >= 0 && d.toPickup >= 0 && d.onTrip >= 0 && d.deadhead >= 0, "\(label): driver \(d.id)")
        }
        // Pooled service: the stop log's invariants instead (seats, order, promises).
        if StrategyRegistry.type(named: run.strategy)?.sharesRides == true { PoolingPropertyTests.checkStops(run, label: label) }
        // No driver serves two riders at once: sorted by (driver, match), each span ends
        // before the driver's next one starts (pooled: no two riders aboard beyond the seats, above).
        let spans = run.requests.compactMap { r -> (driver: Int32, from: Millis, to: Millis)? in
            guard let driver = r.driver, let m = r.matchTime else { return nil }
            return (driver, m, r.dropoffTime ?? horizon)
        }.sorted { ($0.driver, $0.from) < ($1.driver, $1.from) }
        for (a, b) in zip(spans, spans.dropFirst()) where a.driver == b.driver
            && !(StrategyRegistry.type(named: run.strategy)?.sharesRides == true) {
            #expect(a.to <= b.from, "\(label): driver \(a.driver) serves two riders at \(b.from)")
        }
        #expect(spans.allSatisfy { Int($0.driver) < run.drivers.count }, "\(label)")
        // Trips and revenue agree between drivers and requests.
        let completed = run.requests.filter { $0.outcome == .completed }
        #expect(run.drivers.reduce(0) { $0 + $1.trips } == completed.count, "\(label)")
        let revenue = completed.reduce(0.0) { $0 + ($1.finalFare ?? .nan) }
        #expect(abs(run.drivers.reduce(0.0) { $0 + $1.revenue } - revenue) <= 1e-6 * max(1, revenue), "\(label)")
        #expect(count("late_events") == run.lateRecords.count, "\(label)")
    }

    /// Whether a request's fields agree with its one outcome, and its times are causal:
    /// request ≤ match ≤ pickup ≤ drop-off < horizon.
    static func consistent(_ r: RequestRecord, horizon: Millis) -> Bool {
        switch r.outcome {
        case .completed:
            guard let m = r.matchTime, let p = r.pickupTime, let d = r.dropoffTime else { return false }
            return r.requestTime <= m && m <= p && p <= d && d < horizon && r.driver != nil
                && r.finalFare.map { $0.isFinite && $0 >= 0 } == true && r.cancelTime == nil
        case .inProgress:
            guard let m = r.matchTime, r.driver != nil, r.dropoffTime == nil, r.cancelTime == nil else { return false }
            return r.requestTime <= m && m < horizon && (r.pickupTime.map { m <= $0 && $0 < horizon } ?? true)
        case .cancelled:
            guard let c = r.cancelTime else { return false }
            return r.matchTime == nil && r.driver == nil && r.pickupTime == nil && c >= r.requestTime && c < horizon
                && r.cancelReason != nil
        case .unmatched:
            return r.matchTime == nil && r.driver == nil && r.cancelTime == nil && r.pickupTime == nil
        }
    }
}
