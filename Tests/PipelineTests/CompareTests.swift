import Foundation
import Matching
import Pipeline
import Reporter
import Simulator
import Testing

/// A small busy scenario with surge, rider willingness to pay and driver acceptance on.
func behaviourScenarioYAML(name: String = "behaviour", seed: Int = 11, extra: String = "") -> String {
    """
    name: \(name)
    seed: \(seed)
    start: 2026-03-02T08:00:00-05:00
    duration: 20m
    city:
      center: {lat: 40.758, lon: -73.985}
      radius_km: 3
    traffic:
      database: \(trafficDB.path)
    demand:
      requests_per_hour: 1500
      hotspots: [{lat: 40.7506, lon: -73.9935, radius_km: 0.8, weight: 2}]
      patience: {median: 3m, sigma: 0.6}
      willingness_to_pay: {median: 1.6, sigma: 0.3}
    supply:
      drivers: 70
      delivery_delay: {mean: 800ms, max: 4s}
      acceptance: {base: 0.95, per_km: 0.25}
    fare: {surge: {max: 2.5, interval: 30s}}
    matching: {batch_window: 4s}
    \(extra)
    """
}

@Suite("Strategies on identical demand, and ridematch compare", .serialized)
struct CompareTests {
    @Test("every strategy sees the same requests: request columns of requests.csv are identical")
    func commonRandomNumbers() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeScenario(behaviourScenarioYAML(), in: folder)
        var reference: [String]?
        var declinedOffers = 0, quoteDeclined = 0, surged = 0
        for name in StrategyRegistry.inProcessNames {
            let scenario = try ScenarioRun.loadScenario(path: path, strategy: name)
            let run = try ScenarioRun.simulate(scenario, traffic: try ScenarioRun.loadTraffic(for: scenario))
            let csv = ReportFiles.requestsCSV(run)
            // request_id, request_time_s, origin_lat, origin_lon, dest_lat, dest_lon
            let requestColumns = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(6).joined(separator: ",") }
            #expect(requestColumns.first == "request_id,request_time_s,origin_lat,origin_lon,dest_lat,dest_lon")
            if let reference {
                #expect(requestColumns == reference, "\(name) changed the demand")
            } else {
                reference = requestColumns
                #expect(requestColumns.count > 300)
            }
            // Conservation still holds with declines; declined quotes are cancellations with a reason.
            let outcomes = Dictionary(grouping: run.requests, by: \.outcome).mapValues(\.count)
            #expect(outcomes.values.reduce(0, +) == run.requests.count)
            for r in run.requests where r.cancelReason == .quoteDeclined {
                #expect(r.outcome == .cancelled && r.matchTime == nil && r.driver == nil)
                #expect(r.surge != nil && r.quotedFare != nil)
            }
            #expect(run.requests.reduce(0) { $0 + $1.declinedOffers } == run.declinedOffers)
            declinedOffers += run.declinedOffers
            quoteDeclined += run.requests.filter { $0.cancelReason == .quoteDeclined }.count
            surged += run.requests.filter { ($0.surge ?? 1) > 1 }.count
        }
        #expect(declinedOffers > 0 && quoteDeclined > 0 && surged > 0)
    }

    @Test("a rider's willingness to pay and a driver's answer do not depend on the strategy")
    func keyedBehaviourDraws() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeScenario(behaviourScenarioYAML(), in: folder)
        // The same request under two strategies: where both quoted the same surge and the
        // rider answered, the answer agrees (one draw per rider, keyed by request id).
        var answers: [[Int32: Bool]] = []
        for name in ["nearest", "batch"] {
            let scenario = try ScenarioRun.loadScenario(path: path, strategy: name)
            let run = try ScenarioRun.simulate(scenario, traffic: try ScenarioRun.loadTraffic(for: scenario))
            var byRequest: [Int32: Bool] = [:]
            for r in run.requests where r.surge == 2.5 {
                byRequest[r.id] = r.cancelReason != .quoteDeclined
            }
            answers.append(byRequest)
        }
        let common = Set(answers[0].keys).intersection(answers[1].keys)
        for id in common { #expect(answers[0][id] == answers[1][id]) }
    }

    @Test("compare writes compare.csv with paired CIs, reproducible except wall-clock columns")
    func compareCLI() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeScenario(behaviourScenarioYAML(name: "cmp"), in: folder)
        var texts: [[String: String]] = []
        for i in 0..<2 {
            let out = folder.appendingPathComponent("out\(i)")
            let result = try ridematch(["compare", path, "--strategies", "nearest,batch", "--replications", "3",
                                        "--out", out.path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("paired difference (strategy − nearest)"))
            #expect(result.stdout.contains("pickup ETA s"))
            let base = out.appendingPathComponent("cmp")
            let names = try FileManager.default.contentsOfDirectory(atPath: base.path).sorted()
            #expect(names == ["batch", "compare.csv", "compare.html", "compare_runs.csv", "nearest"])
            // compare.html: the two strategies' first replications, overlaid in the seven charts.
            let html = try String(contentsOf: base.appendingPathComponent("compare.html"), encoding: .utf8)
            #expect(html.components(separatedBy: "<svg class=\"chart\"").count - 1 == 7)
            #expect(html.contains("<th>metric</th><th>nearest</th><th>batch</th>"))
            // One wait-difference map (batch − nearest over the 3 paired replications).
            #expect(html.components(separatedBy: "<svg class=\"map\"").count - 1 == 1)
            #expect(html.contains("batch − nearest: mean wait") && html.contains("over 3 replications"))
            #expect(html.contains("the first replication (seed 11) of each strategy"))
            // The strategy folders hold the first seed's full report.
            let summary = try readSummary(base.appendingPathComponent("batch"))
            #expect(summary["seed"] == "11" && summary["strategy"] == "batch")
            texts.append([
                "compare.csv": try String(contentsOf: base.appendingPathComponent("compare.csv"), encoding: .utf8),
                "compare_runs.csv": try String(contentsOf: base.appendingPathComponent("compare_runs.csv"), encoding: .utf8),
                "requests.csv": try String(contentsOf: base.appendingPathComponent("batch/requests.csv"), encoding: .utf8),
            ])
        }
        #expect(texts[0]["requests.csv"] == texts[1]["requests.csv"])
        let compare = try readCSV(folder.appendingPathComponent("out0/cmp/compare.csv"))
        let again = try readCSV(folder.appendingPathComponent("out1/cmp/compare.csv"))
        #expect(compare.rows.map { $0[1] } == ["nearest", "batch"])
        for (c, column) in compare.header.enumerated() where !CompareReport.wallClockColumns.contains(column) {
            #expect(compare.rows.map { $0[c] } == again.rows.map { $0[c] }, "\(column) differs between reruns")
        }
        // The baseline's paired differences are exactly zero.
        let baseline = compare.rows[0]
        for (c, column) in compare.header.enumerated() where column.hasSuffix("_diff") {
            #expect(Double(baseline[c]) == 0, "\(column)")
        }
        // Means, CIs and paired differences recomputed from compare_runs.csv.
        let runs = try readCSV(folder.appendingPathComponent("out0/cmp/compare_runs.csv"))
        #expect(runs.rows.count == 6)
        #expect(runs.rows.map { $0[1] } == ["11", "12", "13", "11", "12", "13"])
        let col = try #require(runs.header.firstIndex(of: "pickup_eta_quoted_mean_s"))
        let values = runs.rows.map { Double($0[col])! }
        let nearest = Array(values[0..<3]), batch = Array(values[3..<6])
        func meanCI(_ xs: [Double]) -> (Double, Double) {
            let m = xs.reduce(0, +) / 3
            let s = (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / 2).squareRoot()
            return (m, 4.302652729749462 * s / 3.0.squareRoot())
        }
        let field = { (row: [String], name: String) -> Double in Double(row[compare.header.firstIndex(of: name)!])! }
        let (m, h) = meanCI(batch)
        #expect(abs(field(compare.rows[1], "pickup_eta_quoted_mean_s_mean") - m) < 0.002)
        #expect(abs(field(compare.rows[1], "pickup_eta_quoted_mean_s_ci95") - h) < 0.002)
        let (dm, dh) = meanCI(zip(batch, nearest).map { $0 - $1 })
        #expect(abs(field(compare.rows[1], "pickup_eta_quoted_mean_s_diff") - dm) < 0.002)
        #expect(abs(field(compare.rows[1], "pickup_eta_quoted_mean_s_diff_ci95") - dh) < 0.002)
        #expect(dh > 0)
    }

    @Test("a bad --strategies or --replications exits 2 with one line and writes nothing")
    func badArguments() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeScenario(behaviourScenarioYAML(name: "bad"), in: folder)
        let out = folder.appendingPathComponent("out")
        let cases: [([String], String)] = [
            (["--strategies", "nearest,bach"],
             "error: --strategies: unknown strategy 'bach' (known: \(StrategyRegistry.names.joined(separator: ", ")))"),
            (["--strategies", "batch,batch"], "error: --strategies: 'batch' is listed twice"),
            (["--strategies", "batch,"], "error: --strategies: empty strategy name in 'batch,'"),
            (["--replications", "0"], "error: --replications: must be 1 … 10000, got 0"),
        ]
        for (arguments, expected) in cases {
            let result = try ridematch(["compare", path, "--out", out.path] + arguments)
            #expect(result.status == 2)
            #expect(result.stderrLines == [expected])
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }

    @Test("an unknown strategy in compare.strategies is a scenario error with its line")
    func unknownInScenario() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeScenario(behaviourScenarioYAML(name: "bad", extra: "compare: {strategies: [nearest, fastest]}"), in: folder)
        let result = try ridematch(["validate", path])
        #expect(result.status == 2)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.contains(":21: compare.strategies[1]: unknown strategy 'fastest'"))
    }
}

@Suite("Student t and confidence intervals")
struct StatisticsTests {
    @Test func quantiles() {
        #expect(CompareStatistics.tQuantile975(df: 1) == 12.706204736174694)
        #expect(CompareStatistics.tQuantile975(df: 4) == 2.7764451051977934)
        #expect(CompareStatistics.tQuantile975(df: 30) == 2.0422724563012378)
        // Beyond the table: scipy.stats.t.ppf(0.975, df).
        #expect(abs(CompareStatistics.tQuantile975(df: 40) - 2.0210753903062737) < 1e-5)
        #expect(abs(CompareStatistics.tQuantile975(df: 120) - 1.9799304050824413) < 1e-6)
    }

    @Test func meanAndInterval() throws {
        let (mean, half) = CompareStatistics.meanAndHalfWidth([1, 2, 3, 4, 5])
        #expect(mean == 3)
        let h = try #require(half)
        #expect(abs(h - 2.7764451051977934 * 2.5.squareRoot() / 5.0.squareRoot()) < 1e-12)
        #expect(CompareStatistics.meanAndHalfWidth([7]) == (7, nil))
        #expect(CompareStatistics.meanAndHalfWidth([]) == (nil, nil))
        #expect(CompareStatistics.pairedDifferences([1, nil, 5], [0.5, 2, nil]) == [0.5])
    }
}
