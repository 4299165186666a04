import Core
import Dispatch
import Foundation
import Matching
import Reporter
import Scenario
import Simulator

/// `ridematch compare SCENARIO --partitions 1,2,4,16,64 [--halo 500m|off]` and
/// `compare --operators 1,2,4`: the scenario's strategy on one engine (the baseline, one
/// part) and on partitioned engines (``EnginePartitions``), every arm on the same demand
/// and supply (common random numbers) over the same seeds, in parallel on all cores.
/// Writes `<out>/<scenario>/partitions/` (or `operators/`): compare.csv and
/// compare_runs.csv (``CompareReport``, one row per arm) and partitions.csv (the curve,
/// docs/streams.md "Partitioned engine").
public enum PartitionCompare {
    /// Largest `--partitions` or `--operators` count.
    public static let maxParts = RegionMap.maxRegions
    /// Halo of `--halo` when not given, metres.
    public static let defaultHalo = 500.0

    /// What is split: regions (with or without the halo) or operators.
    public enum Split: Sendable, Equatable {
        /// `--partitions`: regions; every count above 1 runs disjoint, then with each halo
        /// of `halos` (metres; empty: disjoint only).
        case regions(counts: [Int], halos: [Double])
        /// `--operators`: operators that do not coordinate.
        case operators(counts: [Int])
    }

    /// One arm: a name (its `strategy` column in compare.csv), the part count and its scheme.
    public struct Arm: Sendable, Equatable {
        /// `p1`, `p16-halo500`, `p16-disjoint`, `o4`.
        public var name: String
        /// Parts (1: the single engine).
        public var parts: Int
        /// The halo, metres (nil: none).
        public var halo: Double?
        /// Operators rather than regions.
        public var operators: Bool
    }

    /// One arm's figures over the replications (means), and its difference from the baseline.
    public struct Row: Sendable, Equatable {
        /// The arm.
        public var arm: Arm
        /// Means over replications of match rate, mean wait (s), deadhead (km), matches
        /// (match decisions) and cross-border matches.
        public var matchRate: Double?, waitMean: Double?, deadheadKm: Double?, matches: Double, crossMatches: Double
        /// Paired mean difference of the match rate from the baseline (arm − single engine), and its 95 % CI half-width.
        public var matchRateDiff: Double?, matchRateDiffCI: Double?
        /// Share of match decisions whose driver was owned by another part.
        public var crossShare: Double? { matches > 0 ? crossMatches / matches : nil }
    }

    /// What a partitioned compare produced.
    public struct Outcome: Sendable {
        /// The curve, baseline first.
        public var rows: [Row]
        /// compare.csv's statistics over the arms.
        public var report: CompareReport
        /// The folder written.
        public var folder: URL
        /// Wall-clock seconds of all runs.
        public var wallSeconds: Double
    }

    /// Parses a `--partitions` / `--operators` list: comma-separated counts 1 … ``maxParts``,
    /// none repeated. Throws an ``InputProblem`` naming `option`.
    public static func parseCounts(_ text: String, option: String) throws -> [Int] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var counts: [Int] = []
        for item in items {
            guard let n = Int(item), (1...maxParts).contains(n) else {
                throw InputProblem("\(option): each count must be an integer 1 … \(maxParts), got '\(item)'")
            }
            if counts.contains(n) { throw InputProblem("\(option): \(n) is listed twice") }
            counts.append(n)
        }
        return counts
    }

    /// Parses `--halo`: `off` (no halo: empty), or comma-separated distances ≥ 0 as metres
    /// (`500`, `500m`) or kilometres (`0.5km`), none repeated. Throws an ``InputProblem``
    /// naming `--halo`.
    public static func parseHalos(_ text: String) throws -> [Double] {
        if text.trimmingCharacters(in: .whitespaces).lowercased() == "off" { return [] }
        var halos: [Double] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let halo = try parseHalo(String(item))
            if halos.contains(halo) { throw InputProblem("--halo: \(item) is listed twice") }
            halos.append(halo)
        }
        return halos
    }

    /// One `--halo` distance ≥ 0: metres (`500`, `500m`) or kilometres (`0.5km`).
    static func parseHalo(_ text: String) throws -> Double {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        var number = Substring(t), scale = 1.0
        if t.hasSuffix("km") { number = t.dropLast(2); scale = 1000 } else if t.hasSuffix("m") { number = t.dropLast() }
        guard let value = Double(number), value.isFinite, value >= 0 else {
            throw InputProblem("--halo: expected off or a distance >= 0 (500m, 0.5km), got '\(text)'")
        }
        return value * scale
    }

    /// The arms of `split`: the single engine first, then each count above 1 (regions:
    /// disjoint, then with each halo).
    public static func arms(_ split: Split) -> [Arm] {
        var arms = [Arm(name: "p1", parts: 1, halo: nil, operators: false)]
        switch split {
        case .regions(let counts, let halos):
            for n in counts where n > 1 {
                arms.append(Arm(name: "p\(n)-disjoint", parts: n, halo: nil, operators: false))
                for halo in halos {
                    arms.append(Arm(name: "p\(n)-halo\(Format.fixed(halo, 0))", parts: n, halo: halo, operators: false))
                }
            }
        case .operators(let counts):
            arms[0].name = "o1"
            for n in counts where n > 1 { arms.append(Arm(name: "o\(n)", parts: n, halo: nil, operators: true)) }
        }
        return arms
    }

    /// The region layout for `regions` regions over the scenario's service area, balanced on
    /// a sample of its demand: every pickup its demand source draws over the horizon with a
    /// layout seed no replication uses, so every arm and replication shares one layout.
    public static func regionMap(scenario: Scenario, assembler: RunAssembler, regions: Int) throws -> RegionMap {
        try regionMap(demand: demandSample(scenario: scenario, assembler: assembler), scenario: scenario, regions: regions)
    }

    static func regionMap(demand: [PlanePoint], scenario: Scenario, regions: Int) -> RegionMap {
        RegionMap(halfExtent: scenario.city.indexHalfExtentMeters, regions: regions, demand: demand)
    }

    /// The layout sample: every pickup of the scenario's demand source over the horizon,
    /// drawn with the scenario's seed XOR a fixed layout constant.
    public static func demandSample(scenario: Scenario, assembler: RunAssembler) throws -> [PlanePoint] {
        var s = scenario
        s.seed = scenario.seed ^ 0x5245_4749_4F4E_5300
        var demand = try assembler.assemble(s).demand
        let horizon = Millis.fromSeconds(s.duration)
        var points: [PlanePoint] = []
        while let r = demand.next(before: horizon) { points.append(r.origin) }
        return points
    }

    /// Runs every (arm, seed) pair of `split` and writes the compare files. The strategy is
    /// `strategy` or the scenario's; it must decide solo (no shared rides). Throws an
    /// ``InputProblem`` for bad input before anything runs or is written.
    public static func run(
        path: String, overrides: [ScenarioOverride] = [], split: Split, strategy: String? = nil, replications: Int? = nil,
        out: URL, stop: StopFlag? = nil
    ) throws -> Outcome {
        var scenario = try ScenarioRun.loadScenario(path: path, overrides: overrides)
        if let strategy { scenario.matching.strategy = try CompareRun.strategies([strategy], scenario: scenario)[0] }
        let option: String
        switch split {
        case .regions: option = "--partitions"
        case .operators: option = "--operators"
        }
        guard let type = StrategyRegistry.type(named: scenario.matching.strategy), !type.sharesRides else {
            throw InputProblem("\(option): strategy '\(scenario.matching.strategy)' shares rides; partitioned matching runs solo strategies")
        }
        let r = replications ?? scenario.compare.replications
        guard (1...10_000).contains(r) else { throw InputProblem("--replications: must be 1 … 10000, got \(r)") }
        let assembler = try RunAssembler(scenario: scenario)
        let seeds = (0..<r).map { scenario.seed &+ UInt64($0) }
        let arms = arms(split)
        let started = Date()
        let sample = arms.contains { !$0.operators && $0.parts > 1 } ? try demandSample(scenario: scenario, assembler: assembler) : []
        var maps: [Int: RegionMap] = [:]
        for arm in arms where !arm.operators && arm.parts > 1 && maps[arm.parts] == nil {
            maps[arm.parts] = regionMap(demand: sample, scenario: scenario, regions: arm.parts)
        }
        let folder = out.appendingPathComponent(scenario.name).appendingPathComponent(split.folder)
        let runs = try runAll(scenario: scenario, assembler: assembler, arms: arms, maps: maps, seeds: seeds, stop: stop,
                              folder: folder)
        let wall = Date().timeIntervalSince(started)
        let report = CompareReport(scenario: scenario.name, strategies: arms.map(\.name), seeds: seeds,
                                   summaries: runs.map { $0.map(\.summary) })
        let rows = curve(arms: arms, runs: runs)
        let csv = partitionsCSV(scenario: scenario.name, strategy: scenario.matching.strategy, replications: r, rows: rows)
        try CompareRun.writeFileAtomically(report.csv, to: folder.appendingPathComponent("compare.csv"))
        try CompareRun.writeFileAtomically(report.runsCSV, to: folder.appendingPathComponent("compare_runs.csv"))
        try CompareRun.writeFileAtomically(csv, to: folder.appendingPathComponent("partitions.csv"))
        return Outcome(rows: rows, report: report, folder: folder, wallSeconds: wall)
    }

    /// One run's figures.
    struct RunFigures: Sendable {
        var summary: Summary
        var matches: Int
        var crossMatches: Int
    }

    /// Runs every (arm, seed) pair on all cores; results by arm, then seed.
    static func runAll(
        scenario: Scenario, assembler: RunAssembler, arms: [Arm], maps: [Int: RegionMap], seeds: [UInt64], stop: StopFlag?,
        folder: URL
    ) throws -> [[RunFigures]] {
        let jobs = arms.flatMap { arm in seeds.map { (arm, $0) } }
        let slots = Slots<Result<RunFigures, RunFailure>>(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            let (arm, seed) = jobs[i]
            var s = scenario
            s.seed = seed
            do {
                var assembly = try assembler.assemble(s)
                if arm.parts > 1 {
                    assembly.engine.partitions = EnginePartitions(
                        arm.operators ? .operators(count: arm.parts) : .regions(maps[arm.parts]!, halo: arm.halo))
                }
                var result = try ScenarioRun.simulate(assembly, stop: stop)
                result.strategy = arm.name
                slots.set(i, .success(RunFigures(
                    summary: Summary(result), matches: Int(result.streams.records(on: .matches)),
                    crossMatches: result.streams.crossPartitionMatches)))
            } catch {
                slots.set(i, .failure(RunFailure(message: "\(arm.name), seed \(seed): \(error)", badInput: error is any InputError)))
            }
        }
        if let stop, stop.isRaised { throw RunInterrupted(folder: folder) }
        let values = slots.values
        if case .failure(let f)? = values.first(where: { if case .failure? = $0 { true } else { false } }) {
            if f.badInput { throw InputProblem(f.message) }
            throw CompareError(description: f.message)
        }
        return arms.indices.map { a in
            (0..<seeds.count).map { try! values[a * seeds.count + $0]!.get() }
        }
    }

    /// A run that failed: its message and whether it was bad input (exit 2).
    struct RunFailure: Error, Sendable {
        var message: String
        var badInput: Bool
    }

    /// Means per arm and the paired match-rate difference from the first arm.
    static func curve(arms: [Arm], runs: [[RunFigures]]) -> [Row] {
        func column(_ a: Int, _ name: String) -> [Double?] { runs[a].map { $0.summary[name]?.numeric } }
        func mean(_ xs: [Double?]) -> Double? { CompareStatistics.meanAndHalfWidth(xs.compactMap { $0 }).mean }
        return arms.indices.map { a in
            let diff = CompareStatistics.meanAndHalfWidth(
                CompareStatistics.pairedDifferences(column(a, "match_rate"), column(0, "match_rate")))
            let n = Double(runs[a].count)
            return Row(
                arm: arms[a], matchRate: mean(column(a, "match_rate")), waitMean: mean(column(a, "wait_mean_s")),
                deadheadKm: mean(column(a, "deadhead_km")),
                matches: runs[a].reduce(0) { $0 + Double($1.matches) } / n,
                crossMatches: runs[a].reduce(0) { $0 + Double($1.crossMatches) } / n,
                matchRateDiff: diff.mean, matchRateDiffCI: diff.halfWidth)
        }
    }
}

extension PartitionCompare.Split {
    /// The folder under `<out>/<scenario>/`.
    var folder: String {
        switch self {
        case .regions: "partitions"
        case .operators: "operators"
        }
    }
}
