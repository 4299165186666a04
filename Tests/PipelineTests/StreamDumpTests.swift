import Foundation
import Testing

/// `--dump-streams` and late_events.csv, end to end from the command line.
@Suite("stream dumps and late events", .serialized)
struct StreamDumpTests {
    static let streams = ["ride-requests", "driver-locations", "driver-status", "rider-cancels", "matches"]

    /// The small scenario with delivery delays (mean 800 ms, max 4 s) far beyond its
    /// out-of-orderness + lateness (0.5 s + 0.3 s): records arrive late.
    static func lateYAML() -> String {
        smallScenarioYAML(name: "late", extra: "streams: {out_of_orderness: 500ms, allowed_lateness: 300ms, staleness: 20s}")
    }

    @Test("each stream is dumped in offset order with the summary's counts; late_events.csv matches the summary; reruns are byte-identical")
    func dumpAndLate() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeScenario(Self.lateYAML(), in: folder)
        var reports: [URL] = []
        for i in 0..<2 {
            let out = folder.appendingPathComponent("out\(i)")
            let result = try ridematch(["run", path, "--out", out.path, "--quiet", "--dump-streams"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["late"])  // no staging left
            reports.append(out.appendingPathComponent("late/nearest"))
        }
        let report = reports[0]
        let summary = try readSummary(report)
        let dumped = try FileManager.default.contentsOfDirectory(atPath: report.appendingPathComponent("streams").path).sorted()
        #expect(dumped == (Self.streams.map { "\($0).csv" } + ["scenario.yaml"]).sorted())
        for stream in Self.streams {
            let file = report.appendingPathComponent("streams/\(stream).csv")
            let csv = try readCSV(file)
            #expect(Array(csv.header.prefix(5)) == ["offset", "key", "source", "event_time_s", "arrival_time_s"])
            #expect(csv.rows.map { $0[0] } == csv.rows.indices.map(String.init), "\(stream) offsets")
            let arrivals = csv.rows.map { Double($0[4])! }
            #expect(zip(arrivals, arrivals.dropFirst()).allSatisfy { $0 <= $1 }, "\(stream) in arrival order")
            #expect(csv.rows.allSatisfy { Double($0[3])! <= Double($0[4])! })
            let column = "records_" + stream.replacingOccurrences(of: "-", with: "_")
            #expect(summary[column] == String(csv.rows.count), "\(column)")
            #expect(try Data(contentsOf: file) == Data(contentsOf: reports[1].appendingPathComponent("streams/\(stream).csv")))
        }
        let requests = try readCSV(report.appendingPathComponent("requests.csv"))
        let matched = requests.rows.filter { !$0[requests.header.firstIndex(of: "match_time_s")!].isEmpty }.count
        func count(_ column: String) -> Int { Int(summary[column] ?? "") ?? -1 }
        // Every decision is applied, rejected (rider gone), declined by the driver or declined by the rider.
        #expect(count("records_matches")
            == matched + count("rejected_matches") + count("declined_offers") + count("cancelled_quote_declined"))
        // A declined offer sends the request back on ride-requests.
        #expect(count("records_ride_requests") <= requests.rows.count + count("declined_offers"))

        let late = try readCSV(report.appendingPathComponent("late_events.csv"))
        #expect(late.header == ["stream", "offset", "key", "source", "event_time_s", "arrival_time_s", "watermark_s", "lateness_s", "applied"])
        #expect(late.rows.count > 0)
        #expect(summary["late_events"] == String(late.rows.count))
        let perStream = ["ride_requests", "driver_locations", "driver_status", "rider_cancels"].map { Int(summary["late_" + $0]!)! }
        #expect(perStream.reduce(0, +) == late.rows.count)
        #expect(perStream[1] > 0)
        for row in late.rows {
            // event time < watermark − allowed lateness (0.3 s), i.e. lateness_s > 0
            #expect(Double(row[7])! > 0 && Double(row[4])! < Double(row[6])! - 0.3 + 1e-9)
            #expect(row[8] == (row[0] == "driver-locations" ? "no" : row[0] == "ride-requests" ? "yes" : row[8]))
            #expect(["yes", "no"].contains(row[8]))
        }
        #expect(try Data(contentsOf: report.appendingPathComponent("late_events.csv"))
            == Data(contentsOf: reports[1].appendingPathComponent("late_events.csv")))
        #expect(Int(summary["engine_state_peak"]!)! > 0)
    }

    @Test("without --dump-streams there is no streams folder; with no late record late_events.csv is a header")
    func noDump() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeScenario(smallScenarioYAML(), in: folder)
        let result = try ridematch(["run", path, "--out", folder.path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = folder.appendingPathComponent("small/nearest")
        #expect(!FileManager.default.fileExists(atPath: report.appendingPathComponent("streams").path))
        let late = try String(contentsOf: report.appendingPathComponent("late_events.csv"), encoding: .utf8)
        #expect(late == "stream,offset,key,source,event_time_s,arrival_time_s,watermark_s,lateness_s,applied\n")
        #expect(try readSummary(report)["late_events"] == "0")
    }

    @Test("the shipped late-pings scenario validates, and its streams allow far less than its delivery delay")
    func shippedLateScenario() throws {
        let validate = try ridematch(["validate", "scenarios/late-pings.yaml"])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(isValidateOK(validate.stdout, "scenarios/late-pings.yaml"), "\(validate.stdout)")
        let text = try String(contentsOf: repoRoot.appendingPathComponent("scenarios/late-pings.yaml"), encoding: .utf8)
        #expect(text.contains("delivery_delay: {mean: 3s, max: 40s}"))
        #expect(text.contains("streams: {out_of_orderness: 1s, allowed_lateness: 2s"))
    }

    @Test("a bad scenario with --dump-streams leaves nothing behind")
    func badInputLeavesNothing() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeScenario(smallScenarioYAML(rate: -5), in: folder)
        let out = folder.appendingPathComponent("out")
        let result = try ridematch(["run", path, "--out", out.path, "--dump-streams"])
        #expect(result.status == 2)
        #expect(result.stderrLines.count == 1)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
