import Core
import Foundation
import Matching
import Scenario

/// The plan of a sweep, kept in its folder (`<out>/<name>/plan.json`): the scenario, the
/// overrides and the runs with their index, grid point, overrides and seed. Every backend
/// (the local pool, a Slurm task on another node) runs a run from this file alone, so a run
/// computes the same thing wherever it runs.
public struct SweepPlan: Codable, Equatable, Sendable {
    /// One run of the plan.
    public struct Run: Codable, Equatable, Sendable {
        /// Position in the plan (the row of sweep.csv).
        public var index: Int
        /// Index of its grid point.
        public var point: Int
        /// Its value of each grid axis (YAML text).
        public var values: [String]
        /// Its seed.
        public var seed: UInt64
        /// Every `--set` override of the run (`PATH=VALUE`), fixed ones first: the run is
        /// `ridematch run SCENARIO --set … --seed SEED`.
        public var set: [String]
    }

    /// Sweep name (the folder under `--out`).
    public var name: String
    /// The sweep file as typed.
    public var sweepFile: String
    /// The scenario file, absolute.
    public var scenario: String
    /// FNV-1a digest of the scenario file's bytes: a changed scenario is a different sweep.
    public var scenarioDigest: String
    /// The grid axes.
    public var axes: [SweepFile.Axis]
    /// The seeds of every grid point.
    public var seeds: [UInt64]
    /// Whether runs keep only summary.csv and summary.json.
    public var summariesOnly: Bool
    /// Every run, in order.
    public var runs: [Run]

    /// The plan of a checked sweep file.
    public init(_ sweep: SweepFile, summariesOnly: Bool) throws {
        name = sweep.name
        sweepFile = sweep.file
        scenario = sweep.scenario.path
        scenarioDigest = try Self.digest(of: sweep.scenario)
        axes = sweep.axes
        seeds = sweep.seeds
        self.summariesOnly = summariesOnly
        var runs: [Run] = []
        for (p, point) in sweep.points.enumerated() {
            let set = sweep.overrides(point: point).map(\.description)
            let values = zip(sweep.axes, point).map { $0.values[$1] }
            for seed in sweep.seeds {
                runs.append(Run(index: runs.count, point: p, values: values, seed: seed, set: set))
            }
        }
        self.runs = runs
    }

    /// FNV-1a (64 bit) of the file's bytes, as hex.
    static func digest(of file: URL) throws -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in try Data(contentsOf: file) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }

    /// The run's overrides, parsed.
    public func overrides(of run: Run) throws -> [ScenarioOverride] {
        try run.set.map { try ScenarioOverride(parsing: $0) }
    }
}

/// A sweep's folder: the plan, one result folder per finished run, one record per failed
/// run, the Slurm scripts and logs, and the merged outputs.
///
///     plan.json                 the runs (SweepPlan)
///     runs/00012/               run 12's report (or summary.csv and summary.json only)
///     runs/00013.failed.json    run 13 failed: its exit code and error line
///     slurm/                    job scripts, queue.txt, jobs.txt, task logs
///     sweep.csv, sweep_summary.csv, sweep.html
public struct SweepFolder: Sendable {
    /// `<out>/<name>/`.
    public let url: URL

    /// The folder at `url`.
    public init(_ url: URL) { self.url = url.standardizedFileURL }

    /// plan.json.
    public var planFile: URL { url.appendingPathComponent("plan.json") }
    /// runs/.
    public var runsFolder: URL { url.appendingPathComponent("runs") }
    /// slurm/.
    public var slurmFolder: URL { url.appendingPathComponent("slurm") }

    /// The result folder of run `index` (present only when it finished).
    public func resultFolder(_ index: Int) -> URL {
        runsFolder.appendingPathComponent(Self.runName(index))
    }

    /// The failure record of run `index`.
    public func failureFile(_ index: Int) -> URL {
        runsFolder.appendingPathComponent(Self.runName(index) + ".failed.json")
    }

    static func runName(_ index: Int) -> String {
        let digits = String(index)
        return String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    /// Whether run `index` finished (its result folder holds summary.csv).
    public func isFinished(_ index: Int) -> Bool {
        FileManager.default.fileExists(atPath: resultFolder(index).appendingPathComponent("summary.csv").path)
    }

    /// The plan in the folder; throws ``InputProblem`` naming the file when it is missing or unreadable.
    public func loadPlan() throws -> SweepPlan {
        guard let data = FileManager.default.contents(atPath: planFile.path) else {
            throw InputProblem("\(ScenarioRun.displayPath(planFile)): not found (is \(ScenarioRun.displayPath(url)) a sweep folder?)")
        }
        do {
            return try JSONDecoder().decode(SweepPlan.self, from: data)
        } catch {
            throw InputProblem("\(ScenarioRun.displayPath(planFile)): not a sweep plan (\(error))")
        }
    }

    /// Writes `plan` to plan.json, or checks it equals the one already there (a resumed
    /// sweep); a different plan is bad input: the folder belongs to another sweep.
    public func prepare(_ plan: SweepPlan) throws {
        if FileManager.default.fileExists(atPath: planFile.path) {
            var existing = try loadPlan()
            existing.summariesOnly = plan.summariesOnly
            guard existing == plan else {
                throw InputProblem("\(plan.sweepFile): \(ScenarioRun.displayPath(url))/ holds a different sweep "
                    + "(its scenario, grid or seeds changed); remove that folder or give another --out")
            }
        }
        try FileManager.default.createDirectory(at: runsFolder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try CompareRun.writeFileAtomically(String(decoding: try encoder.encode(plan), as: UTF8.self) + "\n", to: planFile)
    }

    /// The failure record of run `index`, if it failed: exit code and error line.
    public func failure(_ index: Int) -> RunFailure? {
        guard let data = FileManager.default.contents(atPath: failureFile(index).path) else { return nil }
        return try? JSONDecoder().decode(RunFailure.self, from: data)
    }

    /// Records that run `index` failed.
    func recordFailure(_ index: Int, _ failure: RunFailure) throws {
        let data = try JSONEncoder().encode(failure)
        try CompareRun.writeFileAtomically(String(decoding: data, as: UTF8.self) + "\n", to: failureFile(index))
    }

    /// Removes staging folders left by runs that were killed (only when nothing else runs).
    public func removeStaleStaging() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: runsFolder.path)) ?? []
        for name in names where name.hasPrefix(".") && (name.contains(".tmp-") || name.contains(".old-")) {
            try? FileManager.default.removeItem(at: runsFolder.appendingPathComponent(name))
        }
    }

    /// Counts of finished, failed and not yet run runs of `plan`.
    public func progress(_ plan: SweepPlan) -> (finished: Int, failed: Int, pending: Int) {
        var finished = 0, failed = 0
        for run in plan.runs {
            if isFinished(run.index) { finished += 1 } else if failure(run.index) != nil { failed += 1 }
        }
        return (finished, failed, plan.runs.count - finished - failed)
    }
}

/// Why a run failed: the exit status `ridematch run` gives for the error, and its line.
public struct RunFailure: Codable, Equatable, Sendable {
    /// 2 for bad input, 1 for anything else.
    public var exitCode: Int
    /// The error, one line.
    public var error: String
}

/// Setting a sweep up: the checked sweep file, its plan written (or resumed) in its folder.
public enum SweepSetup {
    /// Where sweep runs execute.
    public enum Backend: String, Sendable, CaseIterable {
        /// All cores of this machine.
        case local
        /// A Slurm job array.
        case slurm
    }

    /// Reads and checks the sweep file (and the scenario's traffic database and replay
    /// files), then writes or resumes the plan in `<out>/<name>/`. Nothing is written when
    /// anything is wrong, including `slurm` without `sbatch` on PATH.
    public static func prepare(
        path: String, out: URL, backend: Backend, summariesOnly: Bool
    ) throws -> (plan: SweepPlan, folder: SweepFolder) {
        let sweep = try SweepFile.load(path: path, knownStrategies: StrategyRegistry.names, knownPolicies: RepositioningRegistry.names)
        if backend == .slurm, SweepSlurm.which("sbatch") == nil {
            throw InputProblem("\(path): --backend slurm: sbatch not found on PATH (use a Slurm login node, or --backend local)")
        }
        let base = try ScenarioRun.loadScenario(path: sweep.scenario.path, overrides: sweep.overrides(point: sweep.points[0]))
        _ = try ScenarioRun.loadTraffic(for: base)
        try ScenarioRun.checkInputs(for: base)
        let plan = try SweepPlan(sweep, summariesOnly: summariesOnly)
        let folder = SweepFolder(out.appendingPathComponent(plan.name))
        try folder.prepare(plan)
        return (plan, folder)
    }

    /// Runs of `plan` without a result in `folder` (failed ones are run again).
    public static func pending(_ plan: SweepPlan, in folder: SweepFolder) -> [Int] {
        plan.runs.map(\.index).filter { !folder.isFinished($0) }
    }
}
