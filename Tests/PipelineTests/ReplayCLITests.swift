import Foundation
import Pipeline
import Reporter
import Simulator
import Testing

/// Trip-table and drivers-file replay from the command line, and the shipped replay scenario.
@Suite("Replay from the command line")
struct ReplayCLITests {
    /// A small replay scenario over `trips.csv` and `drivers.csv` in `folder`.
    func replayYAML(name: String = "tiny-replay") -> String {
        """
        name: \(name)
        seed: 5
        start: 2026-03-02T08:00:00-05:00
        duration: 20m
        city: {center: {lat: 40.758, lon: -73.985}, radius_km: 3}
        traffic: {database: \(trafficDB.path)}
        demand: {trips: trips.csv}
        supply: {drivers_file: drivers.csv}
        """
    }

    static let trips = """
        request_time,origin_lat,origin_lon,dest_lat,dest_lon,request_id
        10,40.758,-73.985,40.765,-73.975,a
        20,40.750,-73.990,40.760,-73.980,b
        15,40.750,-73.990,40.760,-73.980,c
        2026-03-02 08:01:00,40.752,-73.99,40.76,-73.98,"d, quoted"
        40,41.5,-73.990,40.760,-73.980,e
        xx,40.752,-73.99,40.76,-73.98,f
        99999,40.752,-73.99,40.76,-73.98,g

        """

    static let drivers = """
        driver_id,lat,lon,shift_start,shift_end
        D1,40.757,-73.986,,
        D2,40.751,-73.991,0,600
        D2,40.760,-73.980,300,

        """

    @Test("a replay runs; rejected rows are one warning line per file, listed in rejected_rows.csv and counted")
    func replayWithRejections() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.trips.write(to: folder.appendingPathComponent("trips.csv"), atomically: true, encoding: .utf8)
        try Self.drivers.write(to: folder.appendingPathComponent("drivers.csv"), atomically: true, encoding: .utf8)
        let path = try writeScenario(replayYAML(), in: folder)
        let out = folder.appendingPathComponent("reports")
        let result = try ridematch(["run", path, "--out", out.path, "--quiet"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderrLines == [
            "warning: drivers.csv: rejected 1 of 3 rows (duplicate_id: 1 (line 4))",
            "warning: trips.csv: rejected 3 of 7 rows (bad_time: 1 (line 7); outside_horizon: 1 (line 8); "
                + "outside_city: 1 (line 6))",
        ])
        let report = out.appendingPathComponent("tiny-replay/nearest")
        let rejected = try String(contentsOf: report.appendingPathComponent("rejected_rows.csv"), encoding: .utf8)
        #expect(rejected == """
            file,line,reason,field,value
            drivers.csv,4,duplicate_id,driver_id,D2
            trips.csv,6,outside_city,"origin_lat,origin_lon",41.5 -73.990
            trips.csv,7,bad_time,request_time,xx
            trips.csv,8,outside_horizon,request_time,99999

            """)
        let summary = try readSummary(report)
        #expect(summary["input_rows"] == "10" && summary["input_rows_accepted"] == "6" && summary["input_rows_rejected"] == "4")
        #expect(summary["requests"] == "4" && summary["drivers"] == "2")
        let requests = try String(contentsOf: report.appendingPathComponent("requests.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(requests[0].hasSuffix(",source_line,source_id,origin_demand_zone,dest_demand_zone,shared,direct_s,detour_s"))
        // The pooling columns (shared, direct_s, detour_s) come last: compare what precedes them.
        func head(_ row: String) -> String { row.split(separator: ",", omittingEmptySubsequences: false).dropLast(3).joined(separator: ",") }
        // Line 4 (15 s) comes before line 3 (20 s) in the file's time order.
        #expect(requests[1].hasPrefix("0,10.000,") && head(requests[1]).hasSuffix(",2,a,,"))
        #expect(requests[2].hasPrefix("1,15.000,") && head(requests[2]).hasSuffix(",4,c,,"))
        #expect(requests[4].hasPrefix("3,60.000,") && head(requests[4]).hasSuffix(",5,\"d, quoted\",,"))
        let drivers = try readCSV(report.appendingPathComponent("drivers.csv"))
        let sourceID = try #require(drivers.header.firstIndex(of: "source_id"))
        #expect(drivers.rows.map { $0[sourceID] } == ["D1", "D2"])

        // Same files and seed: byte-identical requests, drivers and rejected rows.
        let again = folder.appendingPathComponent("again")
        #expect(try ridematch(["run", path, "--out", again.path, "--quiet"], in: folder).status == 0)
        for name in ["requests.csv", "drivers.csv", "rejected_rows.csv"] {
            let a = try Data(contentsOf: report.appendingPathComponent(name))
            let b = try Data(contentsOf: again.appendingPathComponent("tiny-replay/nearest/\(name)"))
            #expect(a == b, "\(name) differs between two runs")
        }
    }

    @Test("a trip table without a required column, or one that cannot be read to the end, fails with exit 2 and no report")
    func unreadableTripTable() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.drivers.write(to: folder.appendingPathComponent("drivers.csv"), atomically: true, encoding: .utf8)
        let path = try writeScenario(replayYAML(), in: folder)
        let out = folder.appendingPathComponent("reports")
        let tripsURL = folder.appendingPathComponent("trips.csv")

        try "request_time,origin_lat,origin_lon,dest_lat\n1,40.75,-73.98,40.76\n".write(to: tripsURL, atomically: true, encoding: .utf8)
        for command in [["run", path, "--out", out.path], ["validate", path]] {
            let result = try ridematch(command, in: folder)
            #expect(result.status == 2)
            #expect(result.stderr == "error: trips.csv:1: dest_lon: required column missing (or dropoff_longitude); "
                + "header is: request_time, origin_lat, origin_lon, dest_lat\n")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))

        var bytes = Data("request_time,origin_lat,origin_lon,dest_lat,dest_lon\n10,40.758,-73.985,40.765,-73.975\n".utf8)
        bytes += Data([0x32, 0x30, 0x2C, 0xC3, 0x28, 0x0A])  // "20,<invalid UTF-8>" on line 3
        try bytes.write(to: tripsURL)
        let result = try ridematch(["run", path, "--out", out.path], in: folder)
        #expect(result.status == 2)
        // Found while the simulation runs: after the run's estimate line, one error line.
        #expect(result.stderrLines.count == 2 && result.stderrLines[0].hasPrefix("estimate: "), "\(result.stderr)")
        #expect(result.stderrLines.last == "error: trips.csv:3: cannot read: not valid UTF-8 text")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("the shipped replay scenario validates and counts every row of its files, here over its first hour")
    func shippedScenarioCountsEveryRow() throws {
        let path = repoRoot.appendingPathComponent("scenarios/manhattan-replay-straight.yaml").path
        let validate = try ridematch(["validate", "scenarios/manhattan-replay-straight.yaml"])
        #expect(validate.status == 0 && isValidateOK(validate.stdout, "scenarios/manhattan-replay-straight.yaml"), "\(validate.stderr)")
        var scenario = try ScenarioRun.loadScenario(path: path)
        scenario.duration = 3600  // the full day runs in .ci/run (release); an hour keeps this test quick
        let run = try ScenarioRun.simulate(scenario, traffic: try ScenarioRun.loadTraffic(for: scenario))

        func dataRows(_ name: String) throws -> Int {
            let text = try String(contentsOf: repoRoot.appendingPathComponent("data/\(name)"), encoding: .utf8)
            return text.split(separator: "\n").count - 1
        }
        let tripRows = try dataRows("trips_manhattan.csv"), driverRows = try dataRows("drivers_manhattan.csv")
        #expect(tripRows == 48_003 && driverRows == 3_000)
        let drivers = try #require(run.inputs.first { $0.kind == "drivers" })
        let trips = try #require(run.inputs.first { $0.kind == "trips" })
        #expect(drivers.rows == driverRows && drivers.accepted == driverRows && drivers.rejected.isEmpty)
        #expect(trips.rows == tripRows)
        #expect(trips.accepted + trips.rejectedCount == tripRows)
        // The first hour's trips are replayed; every later one is counted as outside the horizon.
        #expect(trips.accepted == run.requests.count && trips.accepted > 1_000)
        #expect(trips.rejectedByReason.map(\.reason) == [.outsideHorizon])
        #expect(trips.rejected.count == InputFileReport.listedLimit)  // details kept for the first 10,000
        let summary = Summary(run)
        #expect(summary["input_rows"] == .count(tripRows + driverRows))
        #expect(summary["input_rows_rejected"] == .count(trips.rejectedCount))
        #expect(run.requests.allSatisfy { $0.sourceLine != nil && $0.sourceID != nil })
    }
}
