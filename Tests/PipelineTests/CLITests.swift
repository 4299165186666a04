import Foundation
import Matching
import Testing

/// The command line as a user meets it: reports written, exit codes, one-line errors,
/// no partial output, byte-identical reruns.
@Suite("ridematch command line", .serialized)
struct CLITests {
    @Test("run on the quickstart writes the four files, one outcome per request, and a balanced summary")
    func quickstart() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try ridematch(["run", "scenarios/quickstart.yaml", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("match rate"))
        let folder = out.appendingPathComponent("quickstart/nearest")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == [
            "drivers.csv", "eta_by_hour.csv", "late_events.csv", "report.html", "requests.csv", "stops.csv", "summary.csv",
            "summary.json", "timeseries.csv", "zone_shapes.geojson", "zones.csv",
        ])

        let requests = try readCSV(folder.appendingPathComponent("requests.csv"))
        let outcome = try #require(requests.header.firstIndex(of: "outcome"))
        let outcomes = requests.rows.map { $0[outcome] }
        #expect(outcomes.allSatisfy { ["completed", "in_progress", "cancelled", "unmatched"].contains($0) })
        let summary = try readSummary(folder)
        let counts = ["completed", "in_progress", "cancelled", "unmatched"].map { name in
            (Int(summary[name] ?? "") ?? -1, outcomes.filter { $0 == name }.count)
        }
        for (reported, counted) in counts { #expect(reported == counted) }
        #expect(Int(summary["requests"] ?? "") == requests.rows.count)
        #expect(counts.map(\.0).reduce(0, +) == requests.rows.count)
        let drivers = try readCSV(folder.appendingPathComponent("drivers.csv"))
        #expect(drivers.rows.count == 1200)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("summary.json")))
        let object = try #require(json as? [String: Any])
        #expect(object["requests"] as? Int == requests.rows.count)
    }

    @Test("the same scenario and seed give byte-identical CSV files")
    func determinism() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeScenario(smallScenarioYAML(), in: folder)
        var outputs: [URL] = []
        for i in 0..<2 {
            let out = folder.appendingPathComponent("out\(i)")
            let result = try ridematch(["run", path, "--out", out.path, "--quiet"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.isEmpty)
            outputs.append(out.appendingPathComponent("small/nearest"))
        }
        for file in ["requests.csv", "drivers.csv", "timeseries.csv", "eta_by_hour.csv", "zones.csv"] {
            let a = try Data(contentsOf: outputs[0].appendingPathComponent(file))
            let b = try Data(contentsOf: outputs[1].appendingPathComponent(file))
            #expect(a == b, "\(file) differs between runs")
            #expect(a.count > 100)
        }
        // summary.csv: identical but for the wall-clock columns (latency, wall time, events/s).
        let wallClock: Set<String> = [
            "decision_latency_p50_us", "decision_latency_p90_us", "decision_latency_p99_us",
            "decision_latency_p999_us", "decision_latency_max_us", "wall_s", "events_per_s",
        ]
        let s0 = try readSummary(outputs[0]), s1 = try readSummary(outputs[1])
        #expect(Set(s0.keys) == Set(s1.keys))
        for key in s0.keys where !wallClock.contains(key) { #expect(s0[key] == s1[key], "\(key)") }
        // A different seed changes the demand.
        let other = try ridematch(["run", path, "--out", folder.appendingPathComponent("out2").path, "--seed", "8", "--quiet"])
        #expect(other.status == 0)
        let c = try Data(contentsOf: folder.appendingPathComponent("out2/small/nearest/requests.csv"))
        #expect(c != (try Data(contentsOf: outputs[0].appendingPathComponent("requests.csv"))))
    }

    /// (description, YAML edit, expected stderr line with FILE standing for the scenario path)
    static let badScenarios: [(String, String, String)] = [
        ("negative rate", "requests_per_hour: 900|requests_per_hour: -5",
         "FILE:11: demand.requests_per_hour: must be >= 0, got -5"),
        ("unknown strategy", "    |matching: {strategy: fastest}\n",
         "FILE:17: matching.strategy: unknown strategy 'fastest' (known: \(StrategyRegistry.names.joined(separator: ", "))); "
            + "did you mean 'fastest-eta'?"),
        ("missing traffic DB", "traffic.sqlite|nowhere.sqlite", "FILE:9: traffic.database: file not found: \(repoRoot.path)/data/nowhere.sqlite"),
        ("bad duration", "duration: 20m|duration: 20 minutes", "FILE:4: duration: bad duration '20 minutes'"),
    ]

    @Test("bad input gives one error line naming file, line and field, exit 2, and no report folder",
          arguments: badScenarios)
    func badInput(_ bad: (String, String, String)) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let parts = bad.1.components(separatedBy: "|")
        var yaml = smallScenarioYAML()
        if parts[0].trimmingCharacters(in: .whitespaces).isEmpty {
            yaml += parts[1]
        } else {
            #expect(yaml.contains(parts[0]))
            yaml = yaml.replacingOccurrences(of: parts[0], with: parts[1])
        }
        let path = try writeScenario(yaml, in: folder)
        let out = folder.appendingPathComponent("reports")
        let result = try ridematch(["run", path, "--out", out.path])
        #expect(result.status == 2, "\(bad.0): \(result.stderr)")
        #expect(result.stderrLines.count == 1, "\(bad.0): \(result.stderr)")
        let expected = "error: " + bad.2.replacingOccurrences(of: "FILE", with: path)
        #expect(result.stderr.hasPrefix(expected), "\(bad.0): got \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path), "\(bad.0) left a report folder")
        #expect(result.stdout.isEmpty)

        let validate = try ridematch(["validate", path])
        #expect(validate.status == 2)
        #expect(validate.stderr.hasPrefix(expected))
    }

    @Test("command-line mistakes exit 2 with one error line")
    func usage() throws {
        let cases: [[String]] = [
            ["run"], ["run", "scenarios/quickstart.yaml", "--seed", "minus-one"], ["frobnicate"],
            ["run", "scenarios/quickstart.yaml", "--strategy", "fastest"], ["run", "no/such/file.yaml"],
        ]
        for args in cases {
            let result = try ridematch(args)
            #expect(result.status == 2, "\(args): \(result.stderr)")
            #expect(result.stderrLines.count == 1, "\(args): \(result.stderr)")
            #expect(result.stderr.hasPrefix("error: "), "\(args): \(result.stderr)")
        }
        let strategy = try ridematch(["run", "scenarios/quickstart.yaml", "--strategy", "fastest"])
        #expect(strategy.stderr == "error: --strategy: unknown strategy 'fastest' (known: \(StrategyRegistry.names.joined(separator: ", ")))\n")
    }

    @Test("validate accepts the shipped scenarios; strategies lists every registered strategy")
    func validateAndList() throws {
        let validate = try ridematch(["validate", "scenarios/quickstart.yaml"])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(isValidateOK(validate.stdout, "scenarios/quickstart.yaml"), "\(validate.stdout)")
        let list = try ridematch(["strategies"])
        #expect(list.status == 0)
        let lines = list.stdout.split(separator: "\n").map(String.init)
        #expect(lines.map { $0.split(separator: " ").first.map(String.init) ?? "" }
            == StrategyRegistry.names + ["repositioning", "stay", "cruise", "hotspots", "rebalance", "surge-chase"])
        #expect(lines[0].hasPrefix("nearest ") && lines[0].contains("   immediate: the closest available driver by distance"))
        #expect(lines[2].hasPrefix("batch ") && lines[2].contains("   batched: every batch_window, optimal assignment"))
    }

    @Test("traffic import builds a database that show describes and a run can use; a bad CSV leaves nothing")
    func trafficImportAndShow() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var csv = "zone_id,lat,lon,hour_of_week,speed_kmh\n"
        for (zone, lat) in [(1, 40.75), (2, 40.77)] {
            for hour in 0..<168 { csv += "\(zone),\(lat),-73.985,\(hour),\(10 + hour % 24)\n" }
        }
        let speeds = folder.appendingPathComponent("speeds.csv")
        try csv.write(to: speeds, atomically: true, encoding: .utf8)
        let db = folder.appendingPathComponent("t.sqlite")
        let imported = try ridematch(["traffic", "import", speeds.path, "--db", db.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout == "imported 2 zones, 336 rows into \(db.path)\n")
        let shown = try ridematch(["traffic", "show", "--db", db.path])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("zones: 2, rows: 336"))
        let path = try writeScenario(
            smallScenarioYAML().replacingOccurrences(of: trafficDB.path, with: db.path), in: folder)
        let run = try ridematch(["run", path, "--out", folder.appendingPathComponent("out").path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")

        try (csv + "3,40.8,-73.9,0,fast\n").write(to: speeds, atomically: true, encoding: .utf8)
        let fresh = folder.appendingPathComponent("fresh.sqlite")
        let bad = try ridematch(["traffic", "import", speeds.path, "--db", fresh.path])
        #expect(bad.status == 2)
        #expect(bad.stderr == "error: \(speeds.path):338: speed_kmh: must be a number > 0, got 'fast'\n")
        #expect(!FileManager.default.fileExists(atPath: fresh.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }.isEmpty)
    }
}
