import Foundation
import Pipeline
import Simulator
import Testing

/// Extreme but valid loads run to the end and report sensibly: every figure is a number or
/// empty (never nan or inf), the ledgers balance, nothing is lost.
@Suite("Extreme loads")
struct ExtremeLoadTests {
    /// Runs `yaml` as the command line does (load, simulate, write the report), checks the
    /// run's invariants and the report's sanity, and returns the result and summary row.
    private func runAndReport(_ yaml: String, label: String) throws -> (RunResult, [String: String]) {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeScenario(yaml, in: folder)
        let (result, report) = try ScenarioRun.run(path: path, out: folder.appendingPathComponent("reports"))
        PropertyTests.checkInvariants(result, label: label)
        let summary = try readSummary(report)
        for (key, value) in summary {
            #expect(!["nan", "-nan", "inf", "-inf"].contains(value.lowercased()), "\(label): \(key) = \(value)")
        }
        let json = try String(contentsOf: report.appendingPathComponent("summary.json"), encoding: .utf8)
        #expect(!json.lowercased().contains("nan") && !json.lowercased().contains("inf"), "\(label)")
        let requests = try readCSV(report.appendingPathComponent("requests.csv"))
        let drivers = try readCSV(report.appendingPathComponent("drivers.csv"))
        #expect(requests.rows.count == result.requests.count && drivers.rows.count == result.drivers.count)
        #expect(Int(summary["requests"] ?? "") == result.requests.count)
        return (result, summary)
    }

    @Test("zero drivers: every request ends cancelled or unmatched, match rate 0")
    func zeroDrivers() throws {
        let (run, summary) = try runAndReport(smallScenarioYAML(drivers: 0, rate: 900), label: "zero drivers")
        #expect(run.requests.count > 100)
        #expect(run.requests.allSatisfy { $0.outcome == .cancelled || $0.outcome == .unmatched })
        #expect(summary["completed"] == "0" && summary["drivers"] == "0")
        #expect(Double(summary["match_rate"] ?? "") == 0)
    }

    @Test("zero demand: no requests, drivers idle the whole run, rates left empty")
    func zeroDemand() throws {
        let (run, summary) = try runAndReport(smallScenarioYAML(drivers: 50, rate: 0), label: "zero demand")
        #expect(run.requests.isEmpty)
        #expect(run.drivers.allSatisfy { $0.idle == run.horizon && $0.trips == 0 })
        #expect(summary["requests"] == "0" && summary["match_rate"] == "")
        #expect(Double(summary["utilization"] ?? "") == 0)
    }

    @Test("one driver and over 10,000 requests: the driver serves one rider at a time, the rest cancel")
    func oneDriverTenThousandRequests() throws {
        let yaml = smallScenarioYAML(drivers: 1, rate: 10_500).replacingOccurrences(of: "duration: 20m", with: "duration: 1h")
        let (run, summary) = try runAndReport(yaml, label: "one driver")
        #expect(run.requests.count >= 10_000)
        let served = run.requests.filter { $0.driver != nil }
        #expect(!served.isEmpty && served.count < 40)
        #expect(served.allSatisfy { $0.driver == 0 })
        #expect(Int(summary["cancelled"] ?? "")! > 9_000)
        #expect(run.drivers[0].online == run.horizon)
    }

    @Test("a burst: 10,000 requests within one second, then the city plays it out")
    func burst() throws {
        // Demand only in the hour 08:00-09:00 UTC, and the run starts at 08:59:59: every
        // request falls in the first second. (Exactly one instant needs a replayed trip table.)
        let profile = (0..<24).map { $0 == 8 ? "1" : "0" }.joined(separator: ", ")
        let yaml = smallScenarioYAML(drivers: 200, rate: 36_000_000).replacingOccurrences(of: "duration: 20m", with: "duration: 15m")
            .replacingOccurrences(of: "start: 2026-03-02T08:00:00-05:00", with: "start: 2026-03-02T08:59:59Z")
            .replacingOccurrences(of: "  hotspots:", with: "  profile: [\(profile)]\n  hotspots:")
        let (run, summary) = try runAndReport(yaml, label: "burst")
        #expect(run.requests.count > 9_500 && run.requests.count < 10_500)
        #expect(run.requests.allSatisfy { $0.requestTime <= 1000 })  // times round to the nearest ms
        let matched = run.requests.filter { $0.driver != nil }.count
        #expect(matched >= 200)  // every driver gets at least one rider; each serves them one at a time
        #expect(Int(summary["completed"] ?? "")! > 0)
    }

    @Test("10,000 requests at one instant, replayed from a trip table, with 200 drivers")
    func oneInstant() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Origins and destinations on a 100 × 100 grid inside the 3 km city, all at time 0.
        var csv = "request_time,origin_lat,origin_lon,dest_lat,dest_lon\n"
        for i in 0..<10_000 {
            let (a, b) = (Double(i % 100) / 100 - 0.5, Double(i / 100) / 100 - 0.5)
            csv += "0,\(40.758 + a * 0.03),\(-73.985 + b * 0.03),\(40.758 - b * 0.03),\(-73.985 + a * 0.03)\n"
        }
        try csv.write(to: folder.appendingPathComponent("instant.csv"), atomically: true, encoding: .utf8)
        let yaml = smallScenarioYAML(drivers: 200).replacingOccurrences(of: "duration: 20m", with: "duration: 5m")
            .replacingOccurrences(of: #"  requests_per_hour: \d+\n  hotspots: .*\n"#, with: "  trips: \(folder.path)/instant.csv\n",
                                  options: .regularExpression)
        #expect(yaml.contains("trips:") && !yaml.contains("requests_per_hour"))
        let (run, summary) = try runAndReport(yaml, label: "one instant")
        #expect(run.requests.count == 10_000)
        #expect(run.requests.allSatisfy { $0.requestTime == 0 })
        #expect(run.requests.filter { $0.driver != nil }.count >= 200)
        #expect(Int(summary["input_rows_rejected"] ?? "") == 0)
    }
}
