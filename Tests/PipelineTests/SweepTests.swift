import Foundation
import Reporter
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A sweep file over `scenario.yaml` in the same folder: 2 fleet sizes × 2 strategies × 2 seeds
/// of a 10-minute scenario.
func sweepYAML(name: String = "sw", grid: String? = nil, extra: String = "") -> String {
    """
    name: \(name)
    scenario: scenario.yaml
    set: {duration: 10m}
    grid:
    \(grid ?? "  supply.drivers: [60, 120]\n  matching.strategy: [nearest, batch]")
    seeds: 2
    \(extra)
    """
}

/// sweep.csv with the wall-clock columns blanked: the part that must not depend on where
/// or when the runs ran.
func sweepCSVWithoutWallClock(_ url: URL) throws -> [[String]] {
    let csv = try readCSV(url)
    let keep = csv.header.indices.filter { !Summary.wallClockColumns.contains(csv.header[$0]) }
    return ([csv.header] + csv.rows).map { row in keep.map { row[$0] } }
}

/// Runs `.ci/slurm-local.sh ACTION`; returns its exit status and standard output.
///
/// Spawned and reaped by hand (posix_spawn, waitpid) with its output in a file, not through
/// Foundation's `Process`: the script starts daemons, and `Process.waitUntilExit` was seen
/// to hang after the script had exited.
@discardableResult
func slurmLocal(_ action: String) throws -> (status: Int32, output: String) {
    let outFile = FileManager.default.temporaryDirectory.appendingPathComponent("slurm-local-\(UUID().uuidString).out").path
    defer { try? FileManager.default.removeItem(atPath: outFile) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let script = repoRoot.appendingPathComponent(".ci/slurm-local.sh").path
    let words: [String] = ["/bin/bash", script, action]
    let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, "/bin/bash", &actions, nil, argv, environ)
    try #require(spawned == 0, "posix_spawn failed: \(spawned)")
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let code: Int32 = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return (code, (try? String(contentsOfFile: outFile, encoding: .utf8)) ?? "")
}

@Suite("ridematch sweep", .serialized)
struct SweepTests {
    /// A folder with `scenario.yaml` (the small test scenario) and `sweep.yaml`.
    private func prepare(_ sweep: String = sweepYAML()) throws -> URL {
        let folder = try temporaryFolder()
        _ = try writeScenario(smallScenarioYAML(name: "sweep-base", drivers: 100, rate: 600), in: folder)
        _ = try writeScenario(sweep, in: folder, file: "sweep.yaml")
        return folder
    }

    @Test("every row of sweep.csv is `ridematch run` with the same --set and --seed; each run keeps its report")
    func rowEqualsRun() throws {
        let folder = try prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try ridematch(["sweep", "sweep.yaml", "--out", "out", "--jobs", "2"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let dir = folder.appendingPathComponent("out/sw")
        let csv = try readCSV(dir.appendingPathComponent("sweep.csv"))
        #expect(csv.rows.count == 8)
        #expect(Array(csv.header.prefix(7)) == ["run", "supply.drivers", "matching.strategy", "seed", "status", "exit_code", "error"])
        #expect(csv.rows.map { $0[1] + " " + $0[2] + " " + $0[3] } == [
            "60 nearest 7", "60 nearest 8", "60 batch 7", "60 batch 8",
            "120 nearest 7", "120 nearest 8", "120 batch 7", "120 batch 8",
        ])
        #expect(csv.rows.allSatisfy { $0[4] == "ok" && $0[5] == "0" && $0[6].isEmpty })
        for rowIndex in [0, 7] {
            let row = csv.rows[rowIndex]
            let run = try ridematch(["run", "scenario.yaml", "--set", "duration=10m", "--set", "supply.drivers=\(row[1])",
                                     "--set", "matching.strategy=\(row[2])", "--seed", row[3], "--out", "single", "--quiet"], in: folder)
            #expect(run.status == 0, "\(run.stderr)")
            let single = folder.appendingPathComponent("single/sweep-base/\(row[2])")
            let summary = try readSummary(single)
            for (column, cell) in zip(csv.header, row) where summary[column] != nil && !Summary.wallClockColumns.contains(column) {
                #expect(summary[column] == cell, "run \(row[0]) column \(column)")
            }
            let own = dir.appendingPathComponent("runs/0000\(row[0])")
            for file in ["requests.csv", "drivers.csv", "timeseries.csv"] {
                #expect(try Data(contentsOf: own.appendingPathComponent(file)) == Data(contentsOf: single.appendingPathComponent(file)),
                        "run \(row[0]) \(file)")
            }
        }
        // Per grid point: mean and 95 % interval over the two seeds.
        let summary = try readCSV(dir.appendingPathComponent("sweep_summary.csv"))
        #expect(summary.rows.count == 4)
        let waits = csv.rows.prefix(2).map { Double($0[csv.header.firstIndex(of: "wait_p50_s")!])! }
        let column = summary.header.firstIndex(of: "wait_p50_s_mean")!
        #expect(abs(Double(summary.rows[0][column])! - (waits[0] + waits[1]) / 2) < 1e-3)
        let html = try String(contentsOf: dir.appendingPathComponent("sweep.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "<svg class=\"chart\"").count - 1 == SweepReport.chartMetrics.count)
        #expect(html.contains("class=\"interval\""))
    }

    @Test("the local and the Slurm backend give the same sweep.csv (a real single-node Slurm)")
    func localEqualsSlurm() throws {
        let wasRunning = try slurmLocal("status").status == 0
        let started = try slurmLocal("start")
        #expect(started.status == 0)
        defer { if !wasRunning { _ = try? slurmLocal("stop") } }
        let conf = try #require(started.output.split(separator: "\n").last { $0.hasPrefix("export SLURM_CONF=") })
        let env = ["SLURM_CONF": String(conf.dropFirst("export SLURM_CONF=".count))]
        let folder = try prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        let local = try ridematch(["sweep", "sweep.yaml", "--out", "local", "--summaries-only"], in: folder)
        #expect(local.status == 0, "\(local.stderr)")
        let slurm = try ridematch(["sweep", "sweep.yaml", "--out", "slurm", "--summaries-only", "--backend", "slurm",
                                   "--runs-per-task", "3", "--throttle", "2"], in: folder, environment: env)
        #expect(slurm.status == 0, "\(slurm.stderr)")
        #expect(slurm.stdout.contains("submitted job array"), "\(slurm.stdout)")
        let slurmDir = folder.appendingPathComponent("slurm/sw")
        #expect(try sweepCSVWithoutWallClock(folder.appendingPathComponent("local/sw/sweep.csv"))
            == sweepCSVWithoutWallClock(slurmDir.appendingPathComponent("sweep.csv")))
        #expect(try Data(contentsOf: folder.appendingPathComponent("local/sw/sweep_summary.csv"))
            == Data(contentsOf: slurmDir.appendingPathComponent("sweep_summary.csv")))
        // 8 runs, 3 per task: 3 array tasks, and the merge job wrote the outputs.
        let logs = try FileManager.default.contentsOfDirectory(atPath: slurmDir.appendingPathComponent("slurm").path)
        #expect(logs.filter { $0.hasPrefix("task-") }.count == 3)
        #expect(logs.contains { $0.hasPrefix("merge-") })
        // --no-wait on a finished sweep submits nothing; status reads the folder.
        let status = try ridematch(["sweep", "status", slurmDir.path], in: folder, environment: env)
        #expect(status.stdout.hasPrefix("sw: 8 runs: 8 finished, 0 failed, 0 not run yet"), "\(status.stdout)")
    }

    @Test("Ctrl-C leaves finished runs intact; the rerun skips them and gives the same sweep.csv")
    func resumeAfterInterrupt() throws {
        let folder = try prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = try ridematchBinary()
        process.arguments = ["sweep", "sweep.yaml", "--out", "out", "--jobs", "1", "--summaries-only"]
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        var text = ""
        while !text.contains("[2/8]") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGINT)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(stderr.hasPrefix("interrupted: ") && stderr.hasSuffix("runs finished in out/sw/; run the same command again to resume\n"), "\(stderr)")
        let runs = folder.appendingPathComponent("out/sw/runs")
        let names = try FileManager.default.contentsOfDirectory(atPath: runs.path)
        #expect(!names.contains { $0.hasPrefix(".") }, "staging folders left: \(names)")
        #expect(names.count >= 2 && names.count < 8, "\(names)")
        for name in names { #expect(FileManager.default.fileExists(atPath: runs.appendingPathComponent("\(name)/summary.csv").path)) }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/sw/sweep.csv").path))

        let resumed = try ridematch(["sweep", "sweep.yaml", "--out", "out", "--summaries-only"], in: folder)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("\(names.count) already finished, \(8 - names.count) to run"), "\(resumed.stdout)")
        let fresh = try ridematch(["sweep", "sweep.yaml", "--out", "fresh", "--summaries-only"], in: folder)
        #expect(fresh.status == 0)
        #expect(try sweepCSVWithoutWallClock(folder.appendingPathComponent("out/sw/sweep.csv"))
            == sweepCSVWithoutWallClock(folder.appendingPathComponent("fresh/sw/sweep.csv")))
        // A rerun of a complete sweep runs nothing; a changed sweep is refused, not mixed in.
        let again = try ridematch(["sweep", "sweep.yaml", "--out", "out", "--summaries-only"], in: folder)
        #expect(again.stdout.contains("8 already finished, 0 to run"))
        _ = try writeScenario(sweepYAML().replacingOccurrences(of: "seeds: 2", with: "seeds: 3"), in: folder, file: "sweep.yaml")
        let changed = try ridematch(["sweep", "sweep.yaml", "--out", "out"], in: folder)
        #expect(changed.status == 2)
        #expect(changed.stderr == "error: sweep.yaml: out/sw/ holds a different sweep (its scenario, grid or seeds changed); remove that folder or give another --out\n")
    }

    @Test("a failed run is a row of sweep.csv with its error and exit code, never dropped; exit 1")
    func failedRunRecorded() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = smallScenarioYAML(name: "replay")
            .replacingOccurrences(of: "  requests_per_hour: 900\n  hotspots: [{lat: 40.7506, lon: -73.9935, radius_km: 0.8, weight: 2}]\n",
                                  with: "  trips: good.csv\n")
        _ = try writeScenario(scenario, in: folder)
        try "request_time,origin_lat,origin_lon,dest_lat,dest_lon\n10,40.758,-73.985,40.765,-73.975\n20,40.75,-73.99,40.76,-73.98\n"
            .write(to: folder.appendingPathComponent("good.csv"), atomically: true, encoding: .utf8)
        try "request_time,origin_lat,origin_lon,dest_lat,dest_lon\n"
            .write(to: folder.appendingPathComponent("empty.csv"), atomically: true, encoding: .utf8)
        _ = try writeScenario(sweepYAML(grid: "  demand.trips: [good.csv, empty.csv]").replacingOccurrences(of: "seeds: 2", with: "seeds: 1"),
                              in: folder, file: "sweep.yaml")
        let result = try ridematch(["sweep", "sweep.yaml", "--out", "out", "--summaries-only"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.hasSuffix("error: 1 failed and 0 missing of 2 runs (see out/sw/sweep.csv); run the sweep again to retry them\n"), "\(result.stderr)")
        let csv = try readCSV(folder.appendingPathComponent("out/sw/sweep.csv"))
        #expect(csv.rows.count == 2)
        #expect(Array(csv.rows[0][1...5]) == ["good.csv", "7", "ok", "0", ""])
        #expect(Array(csv.rows[1][1...5]) == ["empty.csv", "7", "failed", "2", "empty.csv:2: no data rows after the header"])
        #expect(csv.rows[1][6...].allSatisfy { $0.isEmpty })
    }

    @Test("bad sweep input: one line naming the sweep file, line and field; exit 2; nothing written or submitted",
          arguments: [
            (sweepYAML(grid: "  supply.driverz: [1, 2]"), "sweep.yaml:5: grid.supply.driverz: supply: unknown field 'driverz' (did you mean 'drivers'?)"),
            (sweepYAML(grid: "  supply.drivers: [100, abc]"), "sweep.yaml:5: grid.supply.drivers[1]: expected a whole number, got 'abc'"),
            (sweepYAML(grid: "  supply.drivers: []"), "sweep.yaml:5: grid.supply.drivers: the list of values is empty"),
            (sweepYAML(grid: "  supply.drivers: 100"), "sweep.yaml:5: grid.supply.drivers: expected a list of values, got '100'"),
            (sweepYAML(grid: "  matching.batch_window: [5s, never]"), "sweep.yaml:5: grid.matching.batch_window[1]: bad duration 'never' (use e.g. 90s, 15m, 2h or a number of seconds)"),
            (sweepYAML().replacingOccurrences(of: "scenario.yaml", with: "missing.yaml"), "sweep.yaml:2: scenario: file not found: {DIR}/missing.yaml"),
            (sweepYAML(extra: "sedes: 3"), "sweep.yaml:8: unknown field 'sedes' (did you mean 'seeds'?)"),
            (sweepYAML().replacingOccurrences(of: "seeds: 2", with: "seeds: 0"), "sweep.yaml:7: seeds: must be a number of seeds from 1 to 10000 or a list of seeds, got '0'"),
            (sweepYAML().replacingOccurrences(of: "{duration: 10m}", with: "{duration: -1}"), "sweep.yaml:3: set.duration: bad duration '-1': must not be negative"),
          ])
    func badInput(_ yaml: String, _ expected: String) throws {
        let folder = try prepare(yaml)
        defer { try? FileManager.default.removeItem(at: folder) }
        for backend in ["local", "slurm"] {
            let result = try ridematch(["sweep", "sweep.yaml", "--out", "out", "--backend", backend], in: folder)
            #expect(result.status == 2)
            #expect(result.stderr == "error: " + expected.replacingOccurrences(of: "{DIR}", with: folder.path) + "\n")
            #expect(result.stdout.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
        }
    }

    @Test("slurm without sbatch on PATH: one line, exit 2, nothing written")
    func slurmWithoutSbatch() throws {
        let folder = try prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try ridematch(["sweep", "sweep.yaml", "--out", "out", "--backend", "slurm"], in: folder,
                                   environment: ["PATH": "/nonexistent"])
        #expect(result.status == 2)
        #expect(result.stderr == "error: sweep.yaml: --backend slurm: sbatch not found on PATH (use a Slurm login node, or --backend local)\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test("--set on run, compare and validate: checked like the file, errors name the override")
    func setOnTheCommandLine() throws {
        let folder = try prepare()
        defer { try? FileManager.default.removeItem(at: folder) }
        for command in [["run", "scenario.yaml", "--out", "out"], ["compare", "scenario.yaml", "--out", "out"], ["validate", "scenario.yaml"]] {
            let bad = try ridematch(command + ["--set", "supply.drivers=abc"], in: folder)
            #expect(bad.status == 2)
            #expect(bad.stderr == "error: --set supply.drivers=abc: supply.drivers: expected a whole number, got 'abc'\n", "\(command[0])")
            let unknown = try ridematch(command + ["--set", "matching.batch_windw=10s"], in: folder)
            #expect(unknown.stderr == "error: --set matching.batch_windw=10s: matching: unknown field 'batch_windw' (did you mean 'batch_window'?)\n")
        }
        let ok = try ridematch(["validate", "scenario.yaml", "--set", "supply.drivers=800", "--set", "matching.batch_window=10s"], in: folder)
        #expect(ok.status == 0 && isValidateOK(ok.stdout, "scenario.yaml"), "\(ok.stdout)")
        let run = try ridematch(["run", "scenario.yaml", "--set", "supply.drivers=33", "--set", "duration=5m", "--out", "out", "--quiet"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try readSummary(folder.appendingPathComponent("out/sweep-base/nearest"))
        #expect(summary["drivers"] == "33" && summary["duration_s"] == "300.000")
    }
}
