import ArgumentParser
import Core
import Foundation
import Pipeline
import Reporter

/// `ridematch sweep SWEEP.yaml [--backend local|slurm] [--jobs N] [--out DIR]`, and
/// `ridematch sweep status|collect DIR`.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a grid of --set overrides × seeds, on all cores or as a Slurm job array; merge into sweep.csv.",
        subcommands: [Start.self, Status.self, Collect.self],
        defaultSubcommand: Start.self)

    /// `ridematch sweep SWEEP.yaml …`: plan (or resume), run, merge.
    struct Start: ParsableCommand, SharedOptionHelp {
        static let configuration = CommandConfiguration(
            commandName: "start",
            abstract: "Run (or resume) a sweep file: `ridematch sweep SWEEP.yaml` (docs/sweeps.md).")

        @Argument(help: "The sweep file (YAML).")
        var sweep: String

        @Option(help: "local: all cores of this machine; slurm: one job array plus a merge job.")
        var backend = SweepSetup.Backend.local

        @Option(help: "Runs at once with the local backend (default: the number of cores).")
        var jobs: Int?

        @OptionGroup var out: OutOption<Start>

        @Flag(help: "Keep only summary.csv and summary.json of each run, not its whole report.")
        var summariesOnly = false

        @Flag(help: "slurm: exit after submitting, printing the job ids.")
        var noWait = false

        @Option(help: "slurm: runs per array task.")
        var runsPerTask: Int = 1

        @Option(help: "slurm: at most N array tasks at once (--array=…%N).")
        var throttle: Int?

        @Option(help: "slurm: partition (sbatch --partition).")
        var partition: String?

        @Option(help: "slurm: account (sbatch --account).")
        var account: String?

        @Option(help: "slurm: time limit per task (sbatch --time).")
        var time: String?

        @OptionGroup var quiet: QuietOption

        static var outHelp: String { "Folder the sweep goes under (its state and results: <out>/<name>/)." }

        func validate() throws {
            if let jobs, jobs < 1 { throw ValidationError("--jobs: must be >= 1, got \(jobs)") }
            if runsPerTask < 1 { throw ValidationError("--runs-per-task: must be >= 1, got \(runsPerTask)") }
            if let throttle, throttle < 1 { throw ValidationError("--throttle: must be >= 1, got \(throttle)") }
        }

        func run() throws {
            Interrupt.install()
            let started = Date()
            let (plan, folder) = try SweepSetup.prepare(
                path: sweep, out: out.url, backend: backend, summariesOnly: summariesOnly)
            let pending = SweepSetup.pending(plan, in: folder)
            let shown = ScenarioRun.displayPath(folder.url)
            let points = plan.runs.count / max(1, plan.seeds.count)
            say("\(plan.name): \(plan.runs.count) runs (\(points) grid points × \(plan.seeds.count) seeds), "
                + "\(plan.runs.count - pending.count) already finished, \(pending.count) to run")
            if !pending.isEmpty {
                switch backend {
                case .local: try runLocal(pending, plan: plan, folder: folder)
                case .slurm: if try !runSlurm(pending, folder: folder) { return }
                }
            }
            try finish(folder, shown: shown, started: started)
        }

        private func runLocal(_ pending: [Int], plan: SweepPlan, folder: SweepFolder) throws {
            let jobs = jobs ?? ProcessInfo.processInfo.activeProcessorCount
            say("local backend: \(min(jobs, pending.count)) at a time")
            folder.removeStaleStaging()
            let total = pending.count, quiet = self.quiet.quiet
            SweepExecution.runLocally(pending, plan: plan, folder: folder, jobs: jobs, stop: Interrupt.flag) { run, outcome, n in
                guard !quiet, outcome != .interrupted else { return }
                let what = zip(plan.axes, run.values).map { "\($0.path)=\($1)" }.joined(separator: " ")
                switch outcome {
                case .finished(let wall): emit("[\(n)/\(total)] run \(run.index) \(what) seed \(run.seed): ok (\(Format.fixed(wall, 1)) s)")
                case .failed(let failure): emit("[\(n)/\(total)] run \(run.index) \(what) seed \(run.seed): failed (exit \(failure.exitCode)): \(failure.error)")
                case .interrupted: break
                }
            }
            if Interrupt.flag.isRaised {
                let progress = folder.progress(plan)
                throw SweepInterrupted("interrupted: \(progress.finished) of \(plan.runs.count) runs finished in "
                    + "\(ScenarioRun.displayPath(folder.url))/; run the same command again to resume")
            }
        }

        /// Submits and (unless --no-wait) waits; false when the command should end after submitting.
        private func runSlurm(_ pending: [Int], folder: SweepFolder) throws -> Bool {
            let previous = SweepSlurm.queued(SweepSlurm.recordedJobs(folder))
            if !previous.isEmpty {
                throw InputProblem("\(sweep): jobs \(previous.joined(separator: ", ")) of this sweep are still queued; "
                    + "wait for them (ridematch sweep status \(ScenarioRun.displayPath(folder.url))) or scancel them")
            }
            for name in ["sweep.csv", "sweep_summary.csv", "sweep.html"] {
                try? FileManager.default.removeItem(at: folder.url.appendingPathComponent(name))
            }
            let options = SweepSlurm.Options(partition: partition, account: account, time: time, throttle: throttle, chunk: runsPerTask)
            let jobs = try SweepSlurm.submit(pending, folder: folder, options: options, binary: SweepSlurm.currentExecutable())
            let shown = ScenarioRun.displayPath(folder.url)
            emit("submitted job array \(jobs.array) (\(jobs.tasks) tasks) and merge job \(jobs.merge)")
            if noWait {
                emit("follow: ridematch sweep status \(shown); results: \(shown)/sweep.csv once job \(jobs.merge) has run")
                return false
            }
            guard SweepSlurm.wait(for: [jobs.array, jobs.merge], stop: Interrupt.flag) else {
                throw SweepInterrupted("interrupted: stopped waiting; jobs \(jobs.array) and \(jobs.merge) keep running "
                    + "(ridematch sweep status \(shown))")
            }
            if !FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("sweep.csv").path) {
                printError("warning: merge job \(jobs.merge) did not run (a task failed: see \(shown)/slurm/task-*.out); merging here")
            }
            return true
        }

        private func finish(_ folder: SweepFolder, shown: String, started: Date) throws {
            let report = try SweepCollect.collect(folder)
            if !quiet.quiet {
                emit(SweepTable.text(report), newline: false)
                emit("wrote \(shown)/sweep.csv, sweep_summary.csv and sweep.html in \(Format.fixed(Date().timeIntervalSince(started), 1)) s")
            }
            try SweepTable.failIfIncomplete(report, shown: shown)
        }

        private func say(_ line: String) {
            guard !quiet.quiet else { return }
            emit(line)
        }
    }

    /// `ridematch sweep status DIR`.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status", abstract: "Show how many runs of a sweep folder finished, failed or wait, and its queued Slurm jobs.")

        @Argument(help: "The sweep folder (<out>/<name>).")
        var folder: String

        func run() throws {
            let folder = SweepFolder(URL(fileURLWithPath: self.folder))
            let plan = try folder.loadPlan()
            let p = folder.progress(plan)
            emit("\(plan.name): \(plan.runs.count) runs: \(p.finished) finished, \(p.failed) failed, \(p.pending) not run yet")
            let queued = SweepSlurm.queued(SweepSlurm.recordedJobs(folder))
            if !queued.isEmpty { emit("slurm jobs queued or running: \(queued.joined(separator: ", "))") }
            if FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("sweep.csv").path) {
                emit("merged: \(ScenarioRun.displayPath(folder.url))/sweep.csv")
            }
        }
    }

    /// `ridematch sweep collect DIR`: merge whatever has finished.
    struct Collect: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "collect", abstract: "Merge a sweep folder's runs into sweep.csv, sweep_summary.csv and sweep.html.")

        @Argument(help: "The sweep folder (<out>/<name>).")
        var folder: String

        func run() throws {
            let folder = SweepFolder(URL(fileURLWithPath: self.folder))
            let report = try SweepCollect.collect(folder)
            let shown = ScenarioRun.displayPath(folder.url)
            emit(SweepTable.text(report), newline: false)
            emit("wrote \(shown)/sweep.csv, sweep_summary.csv and sweep.html")
            try SweepTable.failIfIncomplete(report, shown: shown)
        }
    }
}

/// `ridematch sweep-task DIR --task K --chunk C` (hidden): one Slurm array task.
struct SweepTaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep-task", abstract: "Run one Slurm array task of a sweep (used by the job script).",
        shouldDisplay: false)

    @Argument var folder: String
    @Option var task: Int
    @Option var chunk: Int = 1

    func run() throws {
        let folder = SweepFolder(URL(fileURLWithPath: self.folder))
        let plan = try folder.loadPlan()
        let traffic = TrafficCache()
        for index in try SweepSlurm.chunk(task: task, chunk: chunk, folder: folder) where !folder.isFinished(index) {
            let outcome = SweepExecution.execute(plan.runs[index], plan: plan, folder: folder, traffic: traffic)
            let run = plan.runs[index], what = "run \(index) (\(run.set.joined(separator: " ")), seed \(run.seed))"
            switch outcome {
            case .finished(let wall): emit("\(what): ok in \(Format.fixed(wall, 1)) s")
            case .failed(let failure): emit("\(what): failed (exit \(failure.exitCode)): \(failure.error)")
            case .interrupted: emit("\(what): interrupted")
            }
        }
    }
}

/// The text printed after a sweep, and its exit status.
enum SweepTable {
    /// Per grid point: ok runs, median wait, utilization and match rate (mean ± 95 % interval).
    static func text(_ report: SweepReport) -> String {
        let columns = ["wait_p50_s", "utilization", "match_rate"]
        let metrics = columns.compactMap { c in SweepReport.metrics.first { $0.column == c } }
        var rows = [report.axes.map(\.path) + ["ok"] + metrics.map(\.label)]
        for (p, values) in report.points.enumerated() {
            rows.append(values + ["\(report.runs.filter { $0.point == p && $0.status == "ok" }.count)/\(report.seeds.count)"]
                + metrics.map { report.cell(point: p, metric: $0) })
        }
        var widths = [Int](repeating: 0, count: rows[0].count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            "  " + row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return i < report.axes.count ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// Exit 1 with one line when some run failed or has no result.
    static func failIfIncomplete(_ report: SweepReport, shown: String) throws {
        let failed = report.runs.filter { $0.status == "failed" }.count
        let missing = report.runs.filter { $0.status == "missing" }.count
        guard failed + missing > 0 else { return }
        printError("error: \(failed) failed and \(missing) missing of \(report.runs.count) runs (see \(shown)/sweep.csv); "
            + "run the sweep again to retry them")
        throw ExitCode(1)
    }
}

/// Writes `text` to standard output at once (unbuffered, so progress shows in logs and pipes).
func emit(_ text: String, newline: Bool = true) {
    FileHandle.standardOutput.write(Data((text + (newline ? "\n" : "")).utf8))
}
