import Core
import Dispatch
import Foundation
import Reporter
import Scenario
import Simulator
import Traffic

/// Running the runs of a sweep: one run exactly as `ridematch run --set … --seed …` would
/// compute it, and the local backend that runs the pending ones on all cores.
public enum SweepExecution {
    /// What became of one run.
    public enum Outcome: Sendable, Equatable {
        /// Finished: its result folder is in place.
        case finished(wallSeconds: Double)
        /// Failed: recorded in its failure file.
        case failed(RunFailure)
        /// Stopped by Ctrl-C before its result was in place: nothing recorded.
        case interrupted
    }

    /// Runs run `run` of `plan` and writes its result folder (or failure record) in `folder`.
    public static func execute(
        _ run: SweepPlan.Run, plan: SweepPlan, folder: SweepFolder, traffic: TrafficCache, stop: StopFlag? = nil
    ) -> Outcome {
        do {
            let scenario = try ScenarioRun.loadScenario(path: plan.scenario, overrides: try plan.overrides(of: run), seed: run.seed)
            let assembler = try RunAssembler(scenario: scenario, traffic: try traffic.model(for: scenario))
            let result = try ScenarioRun.simulate(try assembler.assemble(scenario), stop: stop)
            if plan.summariesOnly {
                let summary = Summary(result)
                let files = [("summary.csv", ReportFiles.summaryCSV(summary)), ("summary.json", ReportFiles.summaryJSON(summary))]
                try ReportWriter.writeAtomically(files, to: folder.resultFolder(run.index), stop: stop)
            } else {
                try ReportWriter.write(result, to: folder.resultFolder(run.index), stop: stop)
            }
            try? FileManager.default.removeItem(at: folder.failureFile(run.index))
            return .finished(wallSeconds: result.wallSeconds)
        } catch is SimulationStopped {
            return .interrupted
        } catch is ReportWriteStopped {
            return .interrupted
        } catch {
            let failure = RunFailure(exitCode: error is any InputError ? 2 : 1,
                                     error: oneLine((error as? any InputError)?.description ?? "\(error)"))
            try? folder.recordFailure(run.index, failure)
            return .failed(failure)
        }
    }

    /// Runs `indices` of `plan` on `jobs` threads, each run as in ``execute(_:plan:folder:traffic:stop:)``;
    /// `report` is called after each run (from a worker thread) with the number of runs done so far. When `stop` is raised the
    /// runs in flight are abandoned, the finished ones stay, and no new run starts.
    public static func runLocally(
        _ indices: [Int], plan: SweepPlan, folder: SweepFolder, jobs: Int, stop: StopFlag? = nil,
        report: @escaping @Sendable (SweepPlan.Run, Outcome, Int) -> Void = { _, _, _ in }
    ) {
        let traffic = TrafficCache()
        let next = Counter(), done = Counter()
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, indices.count))) { _ in
            while true {
                if let stop, stop.isRaised { return }
                let i = next.take()
                guard i < indices.count else { return }
                let run = plan.runs[indices[i]]
                let outcome = execute(run, plan: plan, folder: folder, traffic: traffic, stop: stop)
                report(run, outcome, outcome == .interrupted ? done.value : done.take() + 1)
            }
        }
    }

    /// Hands out 0, 1, 2, … to concurrent workers.
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var taken = 0
        /// The next number.
        func take() -> Int {
            lock.lock()
            defer { lock.unlock() }
            taken += 1
            return taken - 1
        }
        /// How many were taken.
        var value: Int {
            lock.lock()
            defer { lock.unlock() }
            return taken
        }
    }
}

/// Traffic models loaded once per distinct (database, city) and shared by the runs of a sweep.
public final class TrafficCache: @unchecked Sendable {
    private let lock = NSLock()
    private var models: [String: TrafficModel] = [:]

    /// An empty cache.
    public init() {}

    /// The scenario's traffic model, loaded on first use.
    public func model(for scenario: Scenario) throws -> TrafficModel {
        let c = scenario.city
        let key = "\(scenario.traffic.database.path)|\(c.center.lat)|\(c.center.lon)|\(c.detourFactor)|\(c.radiusKm)"
        lock.lock()
        defer { lock.unlock() }
        if let model = models[key] { return model }
        let model = try ScenarioRun.loadTraffic(for: scenario)
        models[key] = model
        return model
    }
}

/// Merging a sweep folder into sweep.csv, sweep_summary.csv and sweep.html.
public enum SweepCollect {
    /// Reads every run's result (or failure) and writes the merged files into the folder;
    /// returns the report. Runs with neither are `missing`, never dropped.
    @discardableResult
    public static func collect(_ folder: SweepFolder) throws -> SweepReport {
        let plan = try folder.loadPlan()
        var columns: [String]?
        var runs: [SweepReport.Run] = []
        for run in plan.runs {
            var row = SweepReport.Run(index: run.index, point: run.point, values: run.values, seed: run.seed,
                                      status: "missing", exitCode: nil, error: "no result yet", summary: [:])
            if folder.isFinished(run.index),
               let (header, cells) = readSummary(folder.resultFolder(run.index).appendingPathComponent("summary.csv")) {
                if columns == nil { columns = header }
                row.status = "ok"
                row.exitCode = 0
                row.error = ""
                row.summary = Dictionary(zip(header, cells), uniquingKeysWith: { a, _ in a })
            } else if let failure = folder.failure(run.index) {
                row.status = "failed"
                row.exitCode = failure.exitCode
                row.error = failure.error
            }
            runs.append(row)
        }
        let fixed = plan.runs.first?.set.dropLast(plan.axes.count) ?? []
        let note = "scenario \(ScenarioRun.displayPath(URL(fileURLWithPath: plan.scenario)))"
            + (fixed.isEmpty ? "" : " with " + fixed.joined(separator: ", "))
        let report = SweepReport(name: plan.name, axes: plan.axes.map { ($0.path, $0.values) }, seeds: plan.seeds,
                                 summaryColumns: columns ?? [], runs: runs, note: note)
        try CompareRun.writeFileAtomically(report.csv, to: folder.url.appendingPathComponent("sweep.csv"))
        try CompareRun.writeFileAtomically(report.summaryCSV, to: folder.url.appendingPathComponent("sweep_summary.csv"))
        try CompareRun.writeFileAtomically(report.html, to: folder.url.appendingPathComponent("sweep.html"))
        return report
    }

    /// Header and first row of a summary.csv (fields may be quoted).
    static func readSummary(_ url: URL) -> ([String], [String])? {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        let lines = splitRecords(text)
        guard lines.count >= 2 else { return nil }
        return (lines[0], lines[1])
    }

    /// CSV records of `text` (RFC 4180 quoting), raw cells kept as written (quotes included).
    static func splitRecords(_ text: String) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], cell = "", quoted = false
        for c in text {
            if quoted {
                cell.append(c)
                if c == "\"" { quoted = false }
            } else if c == "\"" {
                cell.append(c)
                quoted = true
            } else if c == "," {
                record.append(cell)
                cell = ""
            } else if c == "\n" {
                record.append(cell)
                records.append(record)
                (record, cell) = ([], "")
            } else {
                cell.append(c)
            }
        }
        if !cell.isEmpty || !record.isEmpty { records.append(record + [cell]) }
        return records
    }
}
