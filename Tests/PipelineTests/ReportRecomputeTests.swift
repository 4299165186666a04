import Core
import Foundation
import Pipeline
import Reporter
import Simulator
import Testing

/// The quick start, run once for every test in this file, with its written report folder.
enum QuickstartReport {
    static let shared: Result<(run: RunResult, folder: URL), any Error> = Result {
        let out = try temporaryFolder()
        let report = try ScenarioRun.run(path: repoRoot.appendingPathComponent("scenarios/quickstart.yaml").path, out: out)
        return (report.result, report.folder)
    }
}

/// A CSV file as rows keyed by column name.
struct Table {
    let header: [String]
    let rows: [[String: String]]

    init(_ url: URL) throws {
        let csv = try readCSV(url)
        header = csv.header
        rows = csv.rows.map { Dictionary(uniqueKeysWithValues: zip(csv.header, $0)) }
    }

    /// The cells of a column parsed as numbers, skipping empty cells.
    func numbers(_ column: String) -> [Double] { rows.compactMap { Double($0[column] ?? "") } }
}

/// Milliseconds from a seconds cell with three decimals ("12.345" → 12345), exactly.
func ms(_ cell: String?) -> Millis? {
    guard let cell, !cell.isEmpty else { return nil }
    let parts = cell.split(separator: ".")
    guard let whole = Int64(parts[0]) else { return nil }
    let fraction = parts.count > 1 ? Int64(parts[1].padding(toLength: 3, withPad: "0", startingAt: 0))! : 0
    return whole * 1000 + (cell.hasPrefix("-") ? -fraction : fraction)
}

func rank(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count, max(1, Int((p / 100 * Double(sorted.count)).rounded(.up)))) - 1]
}

@Suite("Reports recomputed from the written CSV files", .serialized)
struct ReportRecomputeTests {
    @Test("summary.csv equals figures recomputed from requests.csv and drivers.csv")
    func summaryFromCSV() throws {
        let (_, folder) = try QuickstartReport.shared.get()
        let requests = try Table(folder.appendingPathComponent("requests.csv"))
        let drivers = try Table(folder.appendingPathComponent("drivers.csv"))
        let summary = try readSummary(folder)
        let horizon = try #require(ms(summary["duration_s"]))

        // Counts and ledgers: exact.
        func count(_ f: ([String: String]) -> Bool) -> String { String(requests.rows.filter(f).count) }
        #expect(summary["requests"] == String(requests.rows.count))
        for outcome in ["completed", "in_progress", "cancelled", "unmatched"] {
            #expect(summary[outcome] == count { $0["outcome"] == outcome }, "\(outcome)")
        }
        #expect(summary["cancelled_patience"] == count { $0["cancel_reason"] == "patience" })
        #expect(summary["cancelled_quote_declined"] == count { $0["cancel_reason"] == "quote_declined" })
        #expect(summary["requests_balance"] == "0")
        let matched = requests.rows.filter { $0["match_time_s"] != "" }.count
        #expect(summary["match_rate"] == Format.fixed(Double(matched) / Double(requests.rows.count), 4))

        // Times are whole milliseconds, written exactly: the recomputed figures match to the last decimal.
        let toMatch = requests.rows.compactMap { r in ms(r["match_time_s"]).map { ($0 - ms(r["request_time_s"])!).seconds } }.sorted()
        #expect(summary["time_to_match_mean_s"] == Format.fixed(toMatch.reduce(0, +) / Double(toMatch.count), 3))
        #expect(summary["time_to_match_p50_s"] == Format.fixed(rank(toMatch, 50), 3))
        #expect(summary["time_to_match_p90_s"] == Format.fixed(rank(toMatch, 90), 3))
        let waits = requests.rows.compactMap { ms($0["wait_s"])?.seconds }.sorted()
        #expect(waits.count > 3000)
        #expect(summary["wait_mean_s"] == Format.fixed(waits.reduce(0, +) / Double(waits.count), 3))
        for p in [50.0, 90, 99] {
            #expect(summary["wait_p\(Int(p))_s"] == Format.fixed(rank(waits, p), 3), "wait p\(p)")
        }
        func hours(_ column: String) -> Double {
            Double(drivers.rows.reduce(Int64(0)) { $0 + ms($1[column])! }) / 3_600_000
        }
        let online = hours("online_s"), onTrip = hours("on_trip_s"), toPickup = hours("to_pickup_s")
        #expect(summary["driver_online_h"] == Format.fixed(online, 4))
        #expect(summary["driver_idle_h"] == Format.fixed(hours("idle_s"), 4))
        #expect(summary["driver_repositioning_h"] == Format.fixed(hours("reposition_s"), 4))
        #expect(summary["driver_to_pickup_h"] == Format.fixed(toPickup, 4))
        #expect(summary["driver_on_trip_h"] == Format.fixed(onTrip, 4))
        #expect(summary["driver_offline_h"] == Format.fixed(hours("offline_s"), 4))
        #expect(summary["driver_time_balance_h"] == "0.0000")
        #expect(abs(Double(drivers.rows.count) * horizon.seconds / 3600 - online - hours("offline_s")) < 1e-9)
        #expect(summary["utilization"] == Format.fixed(onTrip / online, 4))
        let completed = Double(requests.rows.filter { $0["outcome"] == "completed" }.count)
        #expect(summary["trips_per_driver_hour"] == Format.fixed(completed / online, 4))
        #expect(summary["busy_drivers_mean"] == Format.fixed((toPickup + onTrip) / (horizon.seconds / 3600), 3))

        // Figures from values written rounded (ETA quotes to 1 ms, km to 1 m, money to 1 cent):
        // equal within the rounding of the inputs.
        func value(_ name: String) throws -> Double { try #require(Double(summary[name] ?? "")) }
        let eta = requests.rows.compactMap { r -> (Double, Double)? in
            guard let q = Double(r["pickup_eta_quoted_s"] ?? ""), let a = Double(r["pickup_eta_actual_s"] ?? "") else { return nil }
            return (q, a)
        }
        #expect(abs(try value("pickup_eta_bias_s") - eta.map { $0.1 - $0.0 }.reduce(0, +) / Double(eta.count)) <= 0.001)
        #expect(abs(try value("pickup_eta_mae_s") - eta.map { abs($0.1 - $0.0) }.reduce(0, +) / Double(eta.count)) <= 0.001)
        let pct = eta.filter { $0.1 > 0 }.map { 100 * abs($0.1 - $0.0) / $0.1 }
        #expect(abs(try value("pickup_eta_mape_pct") - pct.reduce(0, +) / Double(pct.count)) <= 0.002)
        let deadhead = drivers.numbers("deadhead_km").reduce(0, +)
        let tripKm = requests.rows.filter { $0["pickup_time_s"] != "" }.compactMap { Double($0["trip_distance_km"] ?? "") }.reduce(0, +)
        #expect(abs(try value("deadhead_km") - deadhead) <= 0.0005 * Double(drivers.rows.count) + 0.001)
        #expect(abs(try value("deadhead_km") - requests.numbers("pickup_distance_km").reduce(0, +)) <= 0.0005 * Double(matched) + 0.001)
        #expect(abs(try value("trip_km") - tripKm) <= 0.0005 * Double(requests.rows.count) + 0.001)
        #expect(abs(try value("deadhead_share") - deadhead / (deadhead + tripKm)) <= 0.0002)
        let revenue = drivers.numbers("revenue")
        #expect(abs(try value("revenue") - revenue.reduce(0, +)) <= 0.005 * Double(drivers.rows.count))
        #expect(abs(try value("revenue") - requests.numbers("fare_final").reduce(0, +)) <= 0.005 * completed + 0.01)
        #expect(abs(try value("revenue_per_driver_hour") - revenue.reduce(0, +) / online) <= 0.01)
        // Gini by the pairwise definition Σ|xi − xj| / (2 n² mean), independent of the sorted formula.
        let sorted = revenue.sorted()
        var pairwise = 0.0, prefix = 0.0
        for (i, x) in sorted.enumerated() { pairwise += Double(i) * x - prefix; prefix += x }
        let gini = pairwise / (Double(sorted.count) * sorted.reduce(0, +))  // Σ_{i<j} = half of Σ_{i,j}
        #expect(abs(try value("earnings_gini") - gini) <= 0.0002)
    }

    @Test("timeseries.csv equals counts recomputed row by row from requests.csv and drivers.csv")
    func timeSeriesFromCSV() throws {
        let (run, folder) = try QuickstartReport.shared.get()
        let rows = try Self.checkTimeSeries(folder, horizon: run.horizon)
        #expect(rows == 24)  // 2 h in 5-minute intervals
    }

    @Test("with driver shifts, idle drivers at each interval's end are those online and not busy")
    func timeSeriesWithShifts() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // 60 drivers whose shifts start in the first 10 minutes and end in the last 12 (or never).
        var drivers = "driver_id,lat,lon,shift_start,shift_end\n"
        for i in 0..<60 {
            let end = i % 4 == 0 ? "" : String(480 + 13 * i)
            drivers += "D\(i),\(40.745 + Double(i % 10) * 0.003),\(-73.995 + Double(i / 10) * 0.004),\(10 * i),\(end)\n"
        }
        try drivers.write(to: folder.appendingPathComponent("drivers.csv"), atomically: true, encoding: .utf8)
        let path = try writeScenario(smallScenarioYAML(name: "shifts", drivers: 1, rate: 900)
            .replacingOccurrences(of: "drivers: 1\n", with: "drivers_file: drivers.csv\n") + "report: {interval: 1m}\n", in: folder)
        let out = folder.appendingPathComponent("out")
        let (run, report) = try ScenarioRun.run(path: path, out: out)
        #expect(run.drivers.count == 60)
        #expect(run.drivers.contains { $0.onlineUntil != nil } && run.drivers.contains { $0.offline > 0 })
        for d in run.drivers {  // online time is exactly the one online interval
            #expect(d.online == (d.onlineUntil ?? run.horizon) - (d.onlineFrom ?? (d.onlineUntil ?? run.horizon)))
        }
        #expect(try Self.checkTimeSeries(report, horizon: run.horizon) == 20)
    }

    /// Recounts every cell of timeseries.csv in `folder` from its requests.csv and drivers.csv;
    /// returns the number of rows.
    static func checkTimeSeries(_ folder: URL, horizon: Millis) throws -> Int {
        let requests = try Table(folder.appendingPathComponent("requests.csv"))
        let drivers = try Table(folder.appendingPathComponent("drivers.csv"))
        let series = try Table(folder.appendingPathComponent("timeseries.csv"))
        #expect(series.header == TimeSeries.columns)
        struct R { var request: Millis, match, pickup, dropoff, cancel, wait: Millis?; var cancelled: Bool }
        let rs = requests.rows.map {
            R(request: ms($0["request_time_s"])!, match: ms($0["match_time_s"]), pickup: ms($0["pickup_time_s"]),
              dropoff: ms($0["dropoff_time_s"]), cancel: ms($0["cancel_time_s"]), wait: ms($0["wait_s"]),
              cancelled: $0["outcome"] == "cancelled")
        }
        let online = drivers.rows.map { (from: ms($0["online_from_s"]), until: ms($0["online_until_s"])) }
        var previousEnd: Millis = 0
        for row in series.rows {
            let s = ms(row["interval_start_s"])!, e = ms(row["interval_end_s"])!
            #expect(s == previousEnd)
            previousEnd = e
            func inside(_ t: Millis?) -> Bool { t.map { $0 >= s && $0 < e } ?? false }
            #expect(row["requests"] == String(rs.filter { inside($0.request) }.count))
            #expect(row["matches"] == String(rs.filter { inside($0.match) }.count))
            #expect(row["pickups"] == String(rs.filter { inside($0.pickup) }.count))
            #expect(row["completions"] == String(rs.filter { inside($0.dropoff) }.count))
            #expect(row["cancellations"] == String(rs.filter { $0.cancelled && inside($0.cancel) }.count))
            let waits = rs.filter { inside($0.pickup) }.map { $0.wait! }
            #expect(row["mean_wait_s"] == Format.fixed(waits.isEmpty ? nil : waits.reduce(0, +).seconds / Double(waits.count), 3))
            // surge is written with 2 decimals: the mean of the written values is within 0.005.
            let surges = zip(rs, requests.rows).filter { inside($0.0.match) }.map { Double($0.1["surge"]!)! }
            if surges.isEmpty {
                #expect(row["mean_surge"] == "")
            } else {
                #expect(abs(Double(row["mean_surge"]!)! - surges.reduce(0, +) / Double(surges.count)) <= 0.0051)
            }
            let busy = rs.filter { r in r.match.map { $0 <= e } == true && (r.dropoff.map { $0 > e } ?? true) }.count
            let open = rs.filter { r in r.request <= e && ((r.match ?? r.cancel).map { $0 > e } ?? true) }.count
            let up = online.filter { d in d.from.map { $0 <= e } == true && (d.until.map { $0 > e } ?? true) }.count
            #expect(row["busy_drivers"] == String(busy))
            #expect(row["idle_drivers"] == String(up - busy))
            #expect(up - busy >= 0)
            #expect(row["open_requests"] == String(open))
        }
        #expect(previousEnd == horizon)
        // At the horizon, busy drivers are the in-progress trips and open requests the unmatched ones.
        let last = try #require(series.rows.last)
        let summary = try readSummary(folder)
        #expect(last["busy_drivers"] == summary["in_progress"])
        #expect(last["open_requests"] == summary["unmatched"])
        return series.rows.count
    }

    @Test("Little's law on the quick start: mean busy drivers = trips per second × mean busy time per trip, within 1 %")
    func littlesLaw() throws {
        let (run, folder) = try QuickstartReport.shared.get()
        let requests = try Table(folder.appendingPathComponent("requests.csv"))
        let drivers = try Table(folder.appendingPathComponent("drivers.csv"))
        let horizon = run.horizon
        // L from the driver ledger (drivers.csv): busy driver-time over the horizon.
        let busy = drivers.rows.reduce(Int64(0)) { $0 + ms($1["to_pickup_s"])! + ms($1["on_trip_s"])! }
        let meanBusyDrivers = busy.seconds / horizon.seconds
        // λ and W from the trips (requests.csv); a trip in progress at the horizon is truncated there.
        let spans = requests.rows.compactMap { r in ms(r["match_time_s"]).map { (ms(r["dropoff_time_s"]) ?? horizon) - $0 } }
        let tripsPerSecond = Double(spans.count) / horizon.seconds
        let meanBusySeconds = spans.reduce(0, +).seconds / Double(spans.count)
        let relative = abs(meanBusyDrivers - tripsPerSecond * meanBusySeconds) / meanBusyDrivers
        #expect(meanBusyDrivers > 500)
        #expect(relative < 0.01, "L = \(meanBusyDrivers), λ = \(tripsPerSecond)/s, W = \(meanBusySeconds) s")
        // The reporter's own measurement agrees, and so does the summary's busy_drivers_mean.
        let law = LittlesLaw(run, from: 0, to: horizon)
        #expect(abs(law.meanBusyDrivers - meanBusyDrivers) < 1e-9)
        #expect(try #require(law.relativeError) < 0.01)
        #expect(try readSummary(folder)["busy_drivers_mean"] == Format.fixed(meanBusyDrivers, 3))
    }

    @Test("Little's law in a steady state: over a window after a warm-up, from trips ending in it")
    func littlesLawSteadyState() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Supply well above demand for 4 h: busy drivers level off after ~30 minutes.
        let path = try writeScenario("""
            name: steady
            seed: 11
            start: 2026-03-02T10:00:00-05:00
            duration: 4h
            city: {center: {lat: 40.758, lon: -73.985}, radius_km: 3}
            traffic: {database: \(trafficDB.path)}
            demand: {requests_per_hour: 600}
            supply: {drivers: 300, ping_interval: 15s}
            """, in: folder)
        let scenario = try ScenarioRun.loadScenario(path: path)
        let run = try ScenarioRun.simulate(scenario, traffic: try ScenarioRun.loadTraffic(for: scenario))
        // Over the whole horizon the truncated form is exact ...
        let whole = LittlesLaw(run, from: 0, to: run.horizon)
        #expect(try #require(whole.relativeError) < 1e-9)
        // ... while over [30 min, 4 h) it is a real test: L measured from busy intervals,
        // λ and W only from the trips ending in the window.
        let law = LittlesLaw(run, from: 1_800_000, to: run.horizon, truncatingAtHorizon: false)
        #expect(law.meanBusyDrivers > 150)
        #expect(try #require(law.relativeError) < 0.02,
                "L = \(law.meanBusyDrivers), λ = \(law.completionsPerSecond)/s, W = \(law.meanBusySeconds) s")
    }

    @Test("zones.csv and eta_by_hour.csv add up to the whole run")
    func breakdownsAddUp() throws {
        let (run, folder) = try QuickstartReport.shared.get()
        let requests = try Table(folder.appendingPathComponent("requests.csv"))
        let zones = try Table(folder.appendingPathComponent("zones.csv"))
        var byZone: [String: Int] = [:]
        for r in requests.rows { byZone[r["origin_zone"]!, default: 0] += 1 }
        #expect(!byZone.keys.contains(""))
        #expect(zones.rows.count == byZone.count)
        for z in zones.rows {
            #expect(z["requests"] == String(byZone[z["zone_id"]!] ?? -1))
            let parts = ["completed", "in_progress", "cancelled", "unmatched"].map { Int(z[$0]!)! }
            #expect(parts.reduce(0, +) == Int(z["requests"]!)!)
        }
        let hours = try Table(folder.appendingPathComponent("eta_by_hour.csv"))
        #expect(hours.rows.map { $0["hour_of_week"] } == ["12", "13"])  // Monday 12:00 and 13:00 UTC
        let pickups = requests.rows.filter { $0["pickup_eta_actual_s"] != "" }.count
        #expect(hours.rows.reduce(0) { $0 + Int($1["pickups"]!)! } == pickups)
        let overall = Metrics(run)
        let weighted = hours.rows.reduce(0.0) { $0 + Double($1["pickups"]!)! * Double($1["pickup_eta_mae_s"]!)! } / Double(pickups)
        #expect(abs(weighted - overall.etaMAE!) < 0.001)
    }
}
