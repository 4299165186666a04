import Core
import Foundation
import Matching
import Pipeline
import Reporter
import Scenario
import Simulator
import Testing

/// The in-process partitioned engine (docs/streams.md, "Partitioned engine"): one part is
/// today's engine, every partitioned run conserves requests and never double-books a
/// driver, disjoint regions never cross a border, and `compare --partitions` refuses bad
/// input with one line and exit 2.
@Suite("Partitioned engine and compare --partitions", .serialized)
struct PartitionedCompareTests {
    /// A run of the small busy scenario with `strategy`, on `partitions` (nil: unpartitioned).
    static func run(strategy: String, seed: Int = 7, partitions: ((Scenario, RunAssembler) throws -> EnginePartitions?)) throws
        -> RunResult {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeScenario(smallScenarioYAML(seed: seed, drivers: 80, rate: 1500), in: folder)
        var scenario = try ScenarioRun.loadScenario(path: path)
        scenario.matching.strategy = strategy
        let assembler = try RunAssembler(scenario: scenario)
        var assembly = try assembler.assemble(scenario)
        assembly.engine.partitions = try partitions(scenario, assembler)
        return try ScenarioRun.simulate(assembly)
    }

    static func regions(_ n: Int, halo: Double?) -> (Scenario, RunAssembler) throws -> EnginePartitions? {
        { scenario, assembler in
            EnginePartitions(.regions(try PartitionCompare.regionMap(scenario: scenario, assembler: assembler, regions: n), halo: halo))
        }
    }

    /// (request, outcome, driver, match time) of every request.
    static func matchSet(_ run: RunResult) -> [String] {
        run.requests.map { "\($0.id) \($0.outcome) \($0.driver.map(String.init) ?? "-") \($0.matchTime.map { String(describing: $0) } ?? "-")" }
    }

    @Test("one part — a single region with the halo, or one operator — is byte for byte the unpartitioned engine",
          arguments: ["nearest", "fastest-eta", "batch", "weighted"])
    func onePartIsTheSingleEngine(strategy: String) throws {
        let single = try Self.run(strategy: strategy) { _, _ in nil }
        let region = try Self.run(strategy: strategy, partitions: Self.regions(1, halo: 500))
        let oneOperator = try Self.run(strategy: strategy) { _, _ in EnginePartitions(.operators(count: 1)) }
        #expect(Self.matchSet(single) == Self.matchSet(region))
        #expect(Self.matchSet(single) == Self.matchSet(oneOperator))
        #expect(ReportFiles.requestsCSV(single) == ReportFiles.requestsCSV(region))
        #expect(region.streams.crossPartitionMatches == 0 && oneOperator.streams.crossPartitionMatches == 0)
    }

    @Test("every partitioned run: each request ends in exactly one outcome, no driver on two trips at once",
          arguments: [("nearest", 4, 500.0), ("nearest", 16, nil), ("batch", 16, 500.0), ("batch", 64, 500.0),
                      ("fastest-eta", 2, nil)] as [(String, Int, Double?)])
    func invariants(strategy: String, regions: Int, halo: Double?) throws {
        let run = try Self.run(strategy: strategy, partitions: Self.regions(regions, halo: halo))
        try Self.checkConservation(run)
    }

    @Test("operators: conservation, no double-booking, and an operator's riders only get its drivers", arguments: [2, 4])
    func operators(count: Int) throws {
        let run = try Self.run(strategy: "nearest") { _, _ in EnginePartitions(.operators(count: count)) }
        try Self.checkConservation(run)
        for r in run.requests {
            guard let d = r.driver else { continue }
            #expect(EnginePartitions.operatorOf(rider: r.id, count: count) == EnginePartitions.operatorOf(driver: d, count: count))
        }
        #expect(run.streams.crossPartitionMatches == 0)
    }

    @Test("the halo off never crosses a border; on, some matches cross and it matches at least as many riders")
    func haloCrossings() throws {
        let disjoint = try Self.run(strategy: "nearest", partitions: Self.regions(16, halo: nil))
        let halo = try Self.run(strategy: "nearest", partitions: Self.regions(16, halo: 500))
        #expect(disjoint.streams.crossPartitionMatches == 0)
        #expect(halo.streams.crossPartitionMatches > 0)
        let matched = { (r: RunResult) in r.requests.filter { $0.driver != nil }.count }
        #expect(matched(halo) >= matched(disjoint))
    }

    static func checkConservation(_ run: RunResult) throws {
        let s = Summary(run)
        func count(_ name: String) -> Int { if case .count(let n) = s[name] { n } else { -1 } }
        #expect(count("requests") == run.requests.count)
        #expect(count("requests") == count("completed") + count("in_progress") + count("cancelled") + count("unmatched"))
        #expect(count("completed") > 0)
        var byDriver: [Int32: [(Millis, Millis)]] = [:]
        for r in run.requests {
            guard let driver = r.driver, let m = r.matchTime else { continue }
            byDriver[driver, default: []].append((m, r.dropoffTime ?? run.horizon))
        }
        for (_, spans) in byDriver {
            let sorted = spans.sorted { $0.0 < $1.0 }
            for (a, b) in zip(sorted, sorted.dropFirst()) { #expect(a.1 <= b.0) }
        }
    }

    @Test("compare --partitions writes the curve: p1 first, disjoint and halo arms, cross-border 0 without the halo")
    func compareCurve() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeScenario(smallScenarioYAML(name: "parts", drivers: 80, rate: 1500), in: folder)
        let out = folder.appendingPathComponent("reports")
        let result = try ridematch(["compare", path, "--partitions", "1,4", "--replications", "2", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let csv = try String(contentsOf: out.appendingPathComponent("parts/partitions/partitions.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows[0].prefix(7) == ["scenario", "strategy", "arm", "scheme", "parts", "halo_m", "replications"])
        #expect(rows.dropFirst().map { $0[2] } == ["p1", "p4-disjoint", "p4-halo500"])
        let share = rows[0].firstIndex(of: "cross_border_share")!, diff = rows[0].firstIndex(of: "match_rate_diff")!
        #expect(rows[1][share] == "0.00000" && rows[1][diff] == "0.00000")
        #expect(rows[2][share] == "0.00000")
        #expect(Double(rows[3][share])! > 0)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("parts/partitions/compare.csv").path))
        #expect(result.stdout.contains("p4-halo500"))

        let ops = try ridematch(["compare", path, "--operators", "2", "--replications", "1", "--out", out.path, "--quiet"])
        #expect(ops.status == 0, "\(ops.stderr)")
        let opsCSV = try String(contentsOf: out.appendingPathComponent("parts/operators/partitions.csv"), encoding: .utf8)
        #expect(opsCSV.contains(",o2,operators,2,,1,"))
    }

    @Test("bad --partitions, --operators or --halo: one line naming the option, exit 2, nothing written")
    func badInput() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeScenario(smallScenarioYAML(name: "parts"), in: folder)
        let out = folder.appendingPathComponent("reports")
        let cases: [([String], String)] = [
            (["--partitions", "0"], "--partitions"), (["--partitions", "1,257"], "--partitions"),
            (["--partitions", "2,2"], "--partitions"), (["--partitions", "four"], "--partitions"),
            (["--partitions", "4", "--halo=-5m"], "--halo"), (["--partitions", "4", "--halo", "wide"], "--halo"),
            (["--operators", "0"], "--operators"), (["--operators", "2", "--halo", "500m"], "--halo"),
            (["--partitions", "2", "--operators", "2"], "--operators"),
            (["--partitions", "2", "--strategies", "pool-batch"], "--partitions"),
        ]
        for (args, option) in cases {
            let result = try ridematch(["compare", path, "--out", out.path] + args)
            #expect(result.status == 2, "\(args): \(result.stderr)")
            #expect(result.stderrLines.count == 1, "\(args): \(result.stderr)")
            #expect(result.stderr.hasPrefix("error: \(option)"), "\(args): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path), "\(args) wrote a report")
        }
    }
}
