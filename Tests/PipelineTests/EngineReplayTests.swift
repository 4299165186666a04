import Foundation
import Testing

/// `ridematch engine --from-streams`: a fresh engine fed a run's dumped streams makes the
/// run's decisions, row for row.
@Suite("engine --from-streams", .serialized)
struct EngineReplayTests {
    /// The shipped quick start, shortened to 15 simulated minutes (traffic path made absolute).
    static func shortQuickstart(in folder: URL) throws -> String {
        var yaml = try String(contentsOf: repoRoot.appendingPathComponent("scenarios/quickstart.yaml"), encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "duration: 2h", with: "duration: 15m")
            .replacingOccurrences(of: "../data/traffic.sqlite", with: trafficDB.path)
        return try writeScenario(yaml, in: folder, file: "quickstart.yaml")
    }

    /// Runs `scenario` with `--dump-streams`, replays the dump, and returns (run's matches, replay's matches).
    static func runAndReplay(
        _ scenario: String, strategy: String, in folder: URL, extra: [String] = []
    ) throws -> (Data, Data, String) {
        let out = folder.appendingPathComponent("out-\(strategy)")
        let run = try ridematch(["run", scenario, "--strategy", strategy, "--out", out.path, "--quiet", "--dump-streams"] + extra)
        #expect(run.status == 0, "\(run.stderr)")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).first)
        let report = out.appendingPathComponent("\(name)/\(strategy)")
        let replayed = folder.appendingPathComponent("replay-\(strategy)")
        let replay = try ridmatchEngine(["--from-streams", report.path, "--out", replayed.path])
        #expect(replay.status == 0, "\(replay.stderr)")
        return (try Data(contentsOf: report.appendingPathComponent("streams/matches.csv")),
                try Data(contentsOf: replayed.appendingPathComponent("matches.csv")), report.path)
    }

    static func ridmatchEngine(_ arguments: [String]) throws -> CLIResult {
        try ridematch(["engine"] + arguments)
    }

    @Test("the shipped quick start (15 min): the replay's matches equal the run's matches stream byte for byte")
    func quickstart() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (run, replay, _) = try Self.runAndReplay(try Self.shortQuickstart(in: folder), strategy: "nearest", in: folder)
        #expect(run.count > 1000)
        #expect(run == replay)
    }

    @Test("every strategy, with late records: the replay equals the run", arguments: ["fastest-eta", "batch", "weighted"])
    func strategies(strategy: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try writeScenario(
            smallScenarioYAML(extra: "streams: {out_of_orderness: 500ms, allowed_lateness: 300ms, staleness: 20s}"), in: folder)
        let (run, replay, _) = try Self.runAndReplay(scenario, strategy: strategy, in: folder)
        #expect(run.split(separator: UInt8(ascii: "\n")).count > 50)
        #expect(run == replay)
    }

    @Test("a run with --set overrides: the manifest keeps them and the replay re-applies them")
    func overrides() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try writeScenario(smallScenarioYAML(), in: folder)
        let sets = ["--set", "matching.batch_window=3s", "--set", "supply.gps_noise_m=25"]
        let (run, replay, report) = try Self.runAndReplay(scenario, strategy: "batch", in: folder, extra: sets)
        #expect(run.split(separator: UInt8(ascii: "\n")).count > 50)
        #expect(run == replay)
        let manifest = try String(contentsOfFile: report + "/streams/scenario.yaml", encoding: .utf8)
        #expect(manifest.contains("override_1: 'matching.batch_window=3s'\noverride_2: 'supply.gps_noise_m=25'\n"))
        // Without the overrides the scenario is not the run's: the fingerprint check refuses it.
        let stripped = manifest.split(separator: "\n").filter { !$0.hasPrefix("override_") }.joined(separator: "\n")
        try stripped.write(toFile: report + "/streams/scenario.yaml", atomically: true, encoding: .utf8)
        let refused = try Self.ridmatchEngine(["--from-streams", report, "--out", folder.appendingPathComponent("x").path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("fingerprint"))
    }

    @Test("a repositioning run (rebalance, cruise): the replay's matches equal the run's", arguments: ["rebalance", "cruise"])
    func repositioning(policy: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try writeScenario(RepositioningRunTests.yaml(policy: policy), in: folder)
        let (run, replay, _) = try Self.runAndReplay(scenario, strategy: "nearest", in: folder)
        #expect(run.split(separator: UInt8(ascii: "\n")).count > 20)
        #expect(run == replay)
    }

    @Test("pooled service, with late records: stop events, sharing flags and re-optimised moves replay to the same matches",
          arguments: ["pool-insertion", "pool-batch"])
    func pooled(strategy: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let yaml = smallScenarioYAML(extra: """
            matching: {strategy: \(strategy), pool: {max_wait: 6m, max_detour: 5m\(strategy == "pool-batch" ? ", reoptimize: true" : "")}}
            streams: {out_of_orderness: 500ms, allowed_lateness: 300ms, staleness: 20s}
            """)
            .replacingOccurrences(of: "  drivers: 120\n", with: "  drivers: 60\n  seats: 4\n")
            .replacingOccurrences(of: "patience: {median: 3m, sigma: 0.6}", with: "patience: {median: 3m, sigma: 0.6}\n  pooling_share: 0.7")
        let scenario = try writeScenario(yaml, in: folder)
        let (run, replay, report) = try Self.runAndReplay(scenario, strategy: strategy, in: folder)
        #expect(run.split(separator: UInt8(ascii: "\n")).count > 50)
        #expect(run == replay)
        let status = try String(contentsOfFile: report + "/streams/driver-status.csv", encoding: .utf8)
        #expect(status.contains(",pickup:") && status.contains(",dropoff:"))
        // pool-batch re-optimises here: riders moved, each move a record on the streams.
        #expect(status.contains(",reassigned:") == (strategy == "pool-batch"))
        let requests = try String(contentsOfFile: report + "/streams/ride-requests.csv", encoding: .utf8)
        #expect(requests.contains(";shares"))
    }

    @Test("a missing manifest, an edited scenario, a broken row: one line, exit 2, no output")
    func badInput() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try writeScenario(smallScenarioYAML(), in: folder)
        _ = try Self.runAndReplay(scenario, strategy: "nearest", in: folder)
        let report = folder.appendingPathComponent("out-nearest/small/nearest")
        let out = folder.appendingPathComponent("bad")

        let missing = try Self.ridmatchEngine(["--from-streams", folder.appendingPathComponent("out-nearest").path, "--out", out.path])
        #expect(missing.status == 2)
        #expect(missing.stderrLines.count == 1)
        #expect(missing.stderr.contains("scenario.yaml: cannot read the run's scenario manifest"))

        let rows = report.appendingPathComponent("streams/driver-status.csv")
        let original = try String(contentsOf: rows, encoding: .utf8)
        var lines = original.components(separatedBy: "\n")
        lines[3] = lines[3].replacingOccurrences(of: "available", with: "asleep").replacingOccurrences(of: "busy", with: "asleep")
        try lines.joined(separator: "\n").write(to: rows, atomically: true, encoding: .utf8)
        let broken = try Self.ridmatchEngine(["--from-streams", report.path, "--out", out.path])
        #expect(broken.status == 2)
        #expect(broken.stderrLines == ["error: \(rows.path):4: status: unknown status 'asleep'"])
        try original.write(to: rows, atomically: true, encoding: .utf8)

        let edited = try String(contentsOfFile: scenario, encoding: .utf8).replacingOccurrences(of: "seed: 7", with: "seed: 7\nduration: 21m")
            .replacingOccurrences(of: "duration: 20m\n", with: "")
        try edited.write(toFile: scenario, atomically: true, encoding: .utf8)
        let mismatch = try Self.ridmatchEngine(["--from-streams", report.path, "--out", out.path])
        #expect(mismatch.status == 2)
        #expect(mismatch.stderrLines.count == 1)
        #expect(mismatch.stderr.contains("fingerprint: ") && mismatch.stderr.contains("does not match the run"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
