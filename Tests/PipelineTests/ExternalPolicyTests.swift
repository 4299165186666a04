import Foundation
import Testing

/// The external policy protocol end to end (docs/external.md): Python policies as child
/// processes of `ridematch run --policy`, their decisions in the reports, and every bad
/// answer as one stderr line, exit status 2 and no report.
@Suite("External policies over JSON Lines", .serialized)
struct ExternalPolicyTests {
    static let badPolicy = "python3 Tests/PipelineTests/Policies/bad_policy.py"

    @Test("a policy taking nearest's candidate in immediate mode reproduces nearest's reports byte for byte")
    func nearestReproduced() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let nearest = try ridematch(["run", "scenarios/quickstart.yaml", "--out", out.path, "--quiet"])
        #expect(nearest.status == 0, "\(nearest.stderr)")
        let external = try ridematch([
            "run", "scenarios/quickstart.yaml", "--out", out.path, "--quiet", "--set", "matching.external.mode=immediate",
            "--policy", "python3 python/examples/nearest_policy.py",
        ])
        #expect(external.status == 0, "\(external.stderr)")
        #expect(external.stderr == "")
        let a = out.appendingPathComponent("quickstart/nearest"), b = out.appendingPathComponent("quickstart/external")
        for file in ["requests.csv", "drivers.csv", "stops.csv"] {
            let left = try Data(contentsOf: a.appendingPathComponent(file))
            #expect(left == (try Data(contentsOf: b.appendingPathComponent(file))), "\(file) differs")
            #expect(left.count > 10_000)
        }
        let summary = try readSummary(b)
        #expect(summary["strategy"] == "external")
        #expect(summary["requests"] == (try readSummary(a))["requests"])
    }

    @Test("a greedy batch policy matches riders, reruns byte for byte, and its stream dump replays to the same matches")
    func greedyBatch() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        var outputs: [Data] = []
        for i in 0..<2 {
            let run = try ridematch([
                "run", "scenarios/quickstart.yaml", "--out", out.appendingPathComponent("\(i)").path, "--quiet",
                "--set", "duration=20m", "--dump-streams", "--policy", "python3 python/examples/greedy_policy.py",
            ])
            #expect(run.status == 0, "\(run.stderr)")
            outputs.append(try Data(contentsOf: out.appendingPathComponent("\(i)/quickstart/external/requests.csv")))
        }
        #expect(outputs[0] == outputs[1])
        let folder = out.appendingPathComponent("0/quickstart/external")
        let summary = try readSummary(folder)
        #expect(summary["completed"] == "179")
        let matches = try String(contentsOf: folder.appendingPathComponent("streams/matches.csv"), encoding: .utf8)
        #expect(matches.split(separator: "\n").count == 1 + 725)
        let replay = try ridematch(["engine", "--from-streams", folder.path, "--out", out.appendingPathComponent("replay").path])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(try Data(contentsOf: out.appendingPathComponent("replay/matches.csv"))
            == (try Data(contentsOf: folder.appendingPathComponent("streams/matches.csv"))))
    }

    /// (policy case, the one stderr line after `error: policy '…CASE': `).
    static let badAnswers: [(String, String)] = [
        ("unknown-request", "t=5.000 s: assign[0]: unknown request 99999999 (not pending in this decide)"),
        ("unknown-vehicle", "t=5.000 s: assign[0]: unknown vehicle 99999999"),
        ("request-twice", "t=5.000 s: assign[1]: request 0 assigned twice in one answer"),
        ("vehicle-twice", "t=5.000 s: assign[1]: vehicle 495 assigned twice in one answer"),
        ("not-candidate", "t=5.000 s: assign[0]: vehicle 0 is not a candidate of request 0"),
        ("malformed", "t=5.000 s: answer is not valid JSON: '{\"assign\": ['"),
        ("wrong-type", "t=5.000 s: assign: must be a list, got an object"),
        ("not-an-object", "t=5.000 s: answer must be a JSON object, got a list: '[0, 322]'"),
        ("boolean-id", "t=5.000 s: assign[0].request: must be an integer id, got a boolean"),
        ("exit", "t=5.000 s: exited with status 3 before answering; last stderr line: 'policy gave up: no model loaded'"),
        ("silent", "t=5.000 s: no answer within 1 s (killed); last stderr line: 'thinking very hard'"),
    ]

    @Test("a bad answer, an early exit or silence: one error line naming the policy and the epoch, exit 2, no report",
          arguments: badAnswers)
    func badAnswer(_ bad: (String, String)) throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let command = "\(Self.badPolicy) \(bad.0)"
        let started = Date()
        let run = try ridematch([
            "run", "scenarios/quickstart.yaml", "--out", out.path, "--quiet", "--set", "duration=10m",
            "--set", "matching.external.timeout=1s", "--policy", command,
        ])
        #expect(run.status == 2)
        #expect(run.stdout == "")
        let errors = run.stderrLines.filter { $0.hasPrefix("error: ") }
        #expect(errors == ["error: policy '\(command)': \(bad.1)"])
        #expect(run.stderrLines.last == errors.first)  // the child's own stderr lines come before it
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == [])
        #expect(Date().timeIntervalSince(started) < 30)
    }

    @Test("strategy external needs its command; --policy and another --strategy conflict; a missing program fails cleanly")
    func usage() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let missing = try ridematch(["run", "scenarios/quickstart.yaml", "--strategy", "external", "--quiet", "--out", out.path])
        #expect(missing.status == 2)
        #expect(missing.stderr == "error: scenarios/quickstart.yaml: matching.external.command: required by strategy "
            + "external (or run with --policy 'COMMAND')\n")
        let both = try ridematch(["run", "scenarios/quickstart.yaml", "--strategy", "batch", "--policy", "true", "--out", out.path])
        #expect(both.status == 2)
        #expect(both.stderrLines.last?.hasPrefix("error: --policy runs strategy external; it cannot be combined with --strategy batch") == true)
        let mode = try ridematch(["run", "scenarios/quickstart.yaml", "--set", "matching.external.mode=fast", "--policy", "true",
                                  "--out", out.path])
        #expect(mode.status == 2)
        #expect(mode.stderr == "error: --set matching.external.mode=fast: matching.external.mode: must be one of batch, immediate, got 'fast'\n")
        let absent = try ridematch(["run", "scenarios/quickstart.yaml", "--set", "duration=10m", "--quiet",
                                    "--policy", "no-such-policy-program --flag", "--out", out.path])
        #expect(absent.status == 2)
        #expect(absent.stderrLines.last?.hasPrefix(
            "error: policy 'no-such-policy-program --flag': t=5.000 s: exited with status 127 before answering; last stderr line: ") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == [])
    }

    @Test("compare --policy NAME=COMMAND adds an external arm paired on the same demand; a bad policy fails the compare")
    func compareArms() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let compare = try ridematch([
            "compare", "scenarios/quickstart.yaml", "--strategies", "nearest", "--replications", "1", "--set", "duration=10m",
            "--policy", "greedy=python3 python/examples/greedy_policy.py", "--out", out.path, "--quiet",
        ])
        #expect(compare.status == 0, "\(compare.stderr)")
        let table = try readCSV(out.appendingPathComponent("quickstart/compare.csv"))
        let strategy = try #require(table.header.firstIndex(of: "strategy"))
        #expect(table.rows.map { $0[strategy] } == ["nearest", "greedy"])
        let a = try readCSV(out.appendingPathComponent("quickstart/nearest/requests.csv"))
        let b = try readCSV(out.appendingPathComponent("quickstart/greedy/requests.csv"))
        #expect(a.rows.map { $0.prefix(6) } == b.rows.map { $0.prefix(6) })  // identical demand
        let malformed = try ridematch(["compare", "scenarios/quickstart.yaml", "--policy", "greedy", "--out", out.path])
        #expect(malformed.status == 2)
        #expect(malformed.stderr == "error: --policy greedy: expected NAME=COMMAND (NAME of letters, digits, - _ .)\n")
        let twice = try ridematch(["compare", "scenarios/quickstart.yaml", "--strategies", "nearest", "--policy", "nearest=true",
                                   "--out", out.path])
        #expect(twice.status == 2)
        #expect(twice.stderr == "error: --policy nearest=…: the arm name 'nearest' is used twice\n")
        let bad = try ridematch([
            "compare", "scenarios/quickstart.yaml", "--strategies", "nearest", "--replications", "1", "--set", "duration=10m",
            "--policy", "bad=\(Self.badPolicy) exit", "--out", out.appendingPathComponent("bad").path, "--quiet",
        ])
        #expect(bad.status == 2)
        #expect(bad.stderrLines.last == "error: policy '\(Self.badPolicy) exit': t=5.000 s: exited with status 3 before answering; "
            + "last stderr line: 'policy gave up: no model loaded'")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("bad").path))
    }
}
