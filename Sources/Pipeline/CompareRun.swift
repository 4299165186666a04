import Core
import Dispatch
import Foundation
import Logging
import Matching
import Reporter
import Scenario
import Simulator
import Traffic

/// `ridematch compare`: every strategy on the same demand and supply (common random
/// numbers), over R replications with seeds `seed, seed+1, …`, in parallel on all cores.
public enum CompareRun {
    /// What a compare produced and where it wrote it.
    public struct Outcome: Sendable {
        /// The statistics (compare.csv and the printed tables).
        public var report: CompareReport
        /// `<out>/<scenario>/`.
        public var folder: URL
        /// Wall-clock seconds of all runs.
        public var wallSeconds: Double
    }

    /// The strategies to compare: `names` if given, else the scenario's `compare.strategies`.
    /// Throws an ``InputProblem`` for an unknown or repeated name.
    public static func strategies(_ names: [String]?, scenario: Scenario) throws -> [String] {
        guard let names else { return scenario.compare.strategies }
        guard !names.isEmpty else { throw InputProblem("--strategies: give at least one strategy") }
        for (i, name) in names.enumerated() {
            guard StrategyRegistry.type(named: name) != nil else {
                throw InputProblem(
                    "--strategies: unknown strategy '\(name)' (known: \(StrategyRegistry.names.joined(separator: ", ")))")
            }
            if names[..<i].contains(name) { throw InputProblem("--strategies: '\(name)' is listed twice") }
        }
        return names
    }

    /// Loads the scenario (with `overrides` applied), runs every (strategy, seed) pair (and
    /// every `external` arm: strategy external with its command, docs/external.md), writes the first replication's
    /// full report of each strategy to `<out>/<scenario>/<strategy>/`, and compare.csv,
    /// compare_runs.csv and compare.html (charts of those first replications) to `<out>/<scenario>/`.
    /// When `stop` is raised (Ctrl-C) before the writing starts, throws ``RunInterrupted``
    /// and writes nothing.
    public static func run(
        path: String, overrides: [ScenarioOverride] = [], strategies names: [String]? = nil, replications: Int? = nil,
        out: URL, logger: Logger = Logger(label: "ridematch"), stop: StopFlag? = nil, policies: [String]? = nil,
        external: [ExternalArm] = []
    ) throws -> Outcome {
        let scenario = try ScenarioRun.loadScenario(path: path, overrides: overrides)
        let variants = try variants(
            strategies: try strategies(names, scenario: scenario), policies: policies, external: external)
        let strategies = variants.map(\.name)
        let r = replications ?? scenario.compare.replications
        guard (1...10_000).contains(r) else { throw InputProblem("--replications: must be 1 … 10000, got \(r)") }
        let assembler = try RunAssembler(scenario: scenario)
        let seeds = (0..<r).map { scenario.seed &+ UInt64($0) }
        let started = Date()
        let results: [StrategyRuns]
        do {
            results = try runAll(scenario: scenario, assembler: assembler, variants: variants, seeds: seeds, stop: stop)
        } catch is SimulationStopped {
            throw RunInterrupted(folder: out.appendingPathComponent(scenario.name))
        }
        if let stop, stop.isRaised { throw RunInterrupted(folder: out.appendingPathComponent(scenario.name)) }
        let wall = Date().timeIntervalSince(started)
        logger.debug("compare: \(strategies.count * r) runs in \(wall) s")

        let summaries = results.map { $0.summaries }
        let report = CompareReport(scenario: scenario.name, strategies: strategies, seeds: seeds, summaries: summaries)
        for result in results { try ReportWriter.write(result.first, under: out) }
        let folder = out.appendingPathComponent(scenario.name)
        try writeFileAtomically(report.csv, to: folder.appendingPathComponent("compare.csv"))
        try writeFileAtomically(report.runsCSV, to: folder.appendingPathComponent("compare_runs.csv"))
        try writeFileAtomically(HTMLReport.compare(runs: results.map(\.first), note: "Charts and table: the first replication (seed \(seeds[0])) of each strategy; compare.csv has the statistics over all \(r) replications.", zoneWaits: results.map(\.zoneWaits)), to: folder.appendingPathComponent("compare.html"))
        return Outcome(report: report, folder: folder, wallSeconds: wall)
    }

    /// One strategy's first run (kept whole for its report) and every run's summary.
    struct StrategyRuns: Sendable {
        var first: RunResult
        var summaries: [Summary]
        /// Mean wait by zone id, per replication (for the difference maps).
        var zoneWaits: [[String: Double]]
    }

    /// Runs every (strategy, seed) pair on all cores, each assembled by `assembler` (the
    /// city loaded once); results in (strategy, seed) order.
    static func runAll(
        scenario: Scenario, assembler: RunAssembler, variants: [Variant], seeds: [UInt64], stop: StopFlag? = nil
    ) throws -> [StrategyRuns] {
        let jobs = variants.flatMap { variant in seeds.map { (variant, $0) } }
        let slots = Slots<RunOutput>(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            var s = scenario
            jobs[i].0.apply(to: &s)
            s.seed = jobs[i].1
            do {
                var result = try ScenarioRun.simulate(try assembler.assemble(s), stop: stop)
                result.strategy = jobs[i].0.name
                // Only the first replication's rows are kept; the others keep their summary.
                slots.set(i, RunOutput(result: i % seeds.count == 0 ? result : nil, summary: Summary(result),
                                    zoneWaits: ZoneFigures.waitMeans(result), error: nil))
            } catch {
                slots.set(i, RunOutput(result: nil, summary: nil, zoneWaits: [:], error: "\(error)", badInput: error is any InputError))
            }
        }
        let outputs = slots.values
        if let stop, stop.isRaised { throw SimulationStopped() }
        if let failure = outputs.first(where: { $0?.error != nil }), let message = failure?.error {
            // A bad input found during a run (an external policy's bad answer) stays one (exit 2).
            if failure?.badInput == true { throw InputProblem(message) }
            throw CompareError(description: message)
        }
        return variants.indices.map { s in
            let range = (s * seeds.count)..<((s + 1) * seeds.count)
            let runs = outputs[range].map { $0! }
            return StrategyRuns(first: runs[0].result!, summaries: runs.map { $0.summary! }, zoneWaits: runs.map(\.zoneWaits))
        }
    }

    struct RunOutput: Sendable {
        var result: RunResult?
        var summary: Summary?
        var zoneWaits: [String: Double]
        var error: String?
        var badInput = false
    }

    /// Writes `text` to a temporary sibling file, then renames it into place.
    static func writeFileAtomically(_ text: String, to url: URL) throws {
        let temp = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: temp)
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            try FileManager.default.moveItem(at: temp, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw CompareError(description: "cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}

/// A compare could not finish.
public struct CompareError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
}

/// Result slots written by concurrent jobs, each slot by exactly one job.
final class Slots<T: Sendable>: @unchecked Sendable {
    private var storage: [T?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: T) {
        lock.lock()
        storage[i] = value
        lock.unlock()
    }

    var values: [T?] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
