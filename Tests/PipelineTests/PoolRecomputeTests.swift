import Core
import Foundation
import Matching
import Pipeline
import Reporter
import Testing

/// The pooling figures of summary.csv recomputed from requests.csv, drivers.csv and
/// stops.csv, on the solo quick start and on a small pooled run.
@Suite("Pooling figures recomputed from the written CSV files", .serialized)
struct PoolRecomputeTests {
    /// Recomputes every pooling column of `folder`'s summary from its CSV files.
    static func check(_ folder: URL) throws {
        let requests = try Table(folder.appendingPathComponent("requests.csv"))
        let drivers = try Table(folder.appendingPathComponent("drivers.csv"))
        let stops = try Table(folder.appendingPathComponent("stops.csv"))
        let summary = try readSummary(folder)
        let horizon = try #require(ms(summary["duration_s"]))
        func value(_ name: String) throws -> Double { try #require(Double(summary[name] ?? "")) }

        let completed = requests.rows.filter { $0["outcome"] == "completed" }
        let shared = completed.filter { $0["shared"] == "1" }.count
        #expect(summary["pooled_share"] == Format.fixed(Double(shared) / Double(completed.count), 4))
        // Occupancy: rider-ms aboard (to the horizon if still aboard) over driving ms; all exact.
        let aboard = requests.rows.reduce(Int64(0)) { sum, r in
            guard let p = ms(r["pickup_time_s"]) else { return sum }
            return sum + ((ms(r["dropoff_time_s"]) ?? horizon) - p)
        }
        let driving = drivers.rows.reduce(Int64(0)) { $0 + ms($1["to_pickup_s"])! + ms($1["on_trip_s"])! }
        #expect(summary["occupancy_mean"] == Format.fixed(Double(aboard) / Double(driving), 4))
        // Vehicle km from drivers.csv (written to the metre).
        let km = drivers.numbers("driven_km").reduce(0, +)
        #expect(abs(try value("vehicle_km") - km) <= 0.0005 * Double(drivers.rows.count) + 0.001)
        #expect(abs(try value("vehicle_km_per_trip") - km / Double(completed.count)) <= 0.0001 + 0.0005 * Double(drivers.rows.count) / Double(completed.count))
        // Detour = in-vehicle − direct, each completed trip; percentiles within the 1 ms rounding of direct_s.
        let detours = completed.map { Double($0["detour_s"]!)! }.sorted()
        for r in completed {
            let inVehicle = Double(ms(r["dropoff_time_s"])! - ms(r["pickup_time_s"])!) / 1000
            #expect(abs(inVehicle - Double(r["direct_s"]!)! - Double(r["detour_s"]!)!) <= 0.0015)
        }
        for p in [50.0, 90, 99] { #expect(abs(try value("detour_p\(Int(p))_s") - rank(detours, p)) <= 0.001) }
        #expect(summary["promise_breaks"] == "0")
        // stops.csv: one pickup per picked-up request, one drop-off per completed one, at the same times.
        let pickups = stops.rows.filter { $0["kind"] == "pickup" }, dropoffs = stops.rows.filter { $0["kind"] == "dropoff" }
        #expect(pickups.count == requests.rows.filter { $0["pickup_time_s"] != "" }.count)
        #expect(dropoffs.count == completed.count)
        let byID = Dictionary(uniqueKeysWithValues: requests.rows.map { ($0["request_id"]!, $0) })
        for s in pickups { #expect(byID[s["request_id"]!]?["pickup_time_s"] == s["time_s"] && byID[s["request_id"]!]?["driver_id"] == s["driver_id"]) }
        for s in dropoffs { #expect(byID[s["request_id"]!]?["dropoff_time_s"] == s["time_s"]) }
        let seats = Int(summary["seats"]!)!
        #expect(stops.rows.allSatisfy { Int($0["onboard"]!)! <= seats })
    }

    @Test("solo quick start: nobody shares, detours are 0, occupancy is on-trip over driving time")
    func solo() throws {
        let (_, folder) = try QuickstartReport.shared.get()
        try Self.check(folder)
        let summary = try readSummary(folder)
        #expect(summary["pooled_share"] == "0.0000")
        #expect(summary["detour_p99_s"] == "0.000")
    }

    @Test("a pooled run: the same recomputation holds, and riders do share")
    func pooled() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let yaml = smallScenarioYAML(extra: "matching: {strategy: pool-insertion, pool: {max_wait: 6m, max_detour: 5m}}\nfare: {shared_discount: 0.3}")
            .replacingOccurrences(of: "  drivers: 120\n", with: "  drivers: 50\n  seats: 3\n")
        let report = try ScenarioRun.run(path: try writeScenario(yaml, in: folder), out: folder.appendingPathComponent("out"))
        try Self.check(report.folder)
        let summary = try readSummary(report.folder)
        #expect(try #require(Double(summary["pooled_share"]!)) > 0.2)
        #expect(try #require(Double(summary["occupancy_mean"]!)) > 1)
        // Riders who accept sharing pay 70 % of the fare of their direct trip, quoted and final.
        let requests = try Table(report.folder.appendingPathComponent("requests.csv"))
        let rule = FareRule(base: 2.5, perKm: 1.1, perMinute: 0.35, minimum: 7)
        let completed = requests.rows.filter { $0["outcome"] == "completed" }
        for r in completed {
            let full = rule.fare(meters: Double(r["trip_distance_km"]!)! * 1000, seconds: Double(r["direct_s"]!)!, surge: Double(r["surge"]!)!)
            #expect(abs(Double(r["fare_final"]!)! - 0.7 * full) <= 0.011, "request \(r["request_id"]!)")
        }
    }
}
