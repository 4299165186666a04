import Core
import Simulator

/// The CSV and JSON texts of one run's report, built in memory.
public enum ReportFiles {
    /// requests.csv columns, in order.
    public static let requestColumns = [
        "request_id", "request_time_s", "origin_lat", "origin_lon", "dest_lat", "dest_lon", "outcome",
        "driver_id", "match_time_s", "pickup_eta_quoted_s", "pickup_eta_actual_s", "pickup_time_s",
        "dropoff_time_s", "cancel_time_s", "cancel_reason", "wait_s", "pickup_distance_km", "trip_distance_km",
        "fare_quoted", "fare_final", "surge", "declined_offers", "origin_zone", "source_line", "source_id",
        "origin_demand_zone", "dest_demand_zone", "shared", "direct_s", "detour_s",
    ]

    /// drivers.csv columns, in order.
    public static let driverColumns = [
        "driver_id", "online_s", "idle_s", "to_pickup_s", "on_trip_s", "offline_s", "trips", "deadhead_km", "revenue",
        "online_from_s", "online_until_s", "source_id", "reposition_s", "reposition_km", "driven_km",
    ]

    /// requests.csv: one row per request, in id order.
    public static func requestsCSV(_ run: RunResult) -> String {
        var out = requestColumns.joined(separator: ",") + "\n"
        out.reserveCapacity(run.requests.count * 160)
        for r in run.requests {
            let cells: [String] = [
                String(r.id), Format.seconds(r.requestTime),
                Format.fixed(r.origin.lat, 6), Format.fixed(r.origin.lon, 6),
                Format.fixed(r.destination.lat, 6), Format.fixed(r.destination.lon, 6),
                r.outcome.rawValue, Format.int(r.driver), Format.seconds(r.matchTime),
                Format.fixed(r.quotedPickupEta, 3), Format.fixed(r.actualPickupEta, 3),
                Format.seconds(r.pickupTime), Format.seconds(r.dropoffTime), Format.seconds(r.cancelTime),
                r.cancelReason?.rawValue ?? "",
                Format.seconds(r.wait), Format.fixed(r.pickupDistance.map { $0 / 1000 }, 3),
                Format.fixed(r.tripDistance.map { $0 / 1000 }, 3),
                Format.fixed(r.quotedFare, 2), Format.fixed(r.finalFare, 2), Format.fixed(r.surge, 2),
                String(r.declinedOffers), Format.int(r.originZone), Format.int(r.sourceLine), Format.csvField(r.sourceID ?? ""),
                Format.int(r.originDemandZone), Format.int(r.destDemandZone),
                PoolMetrics.shared(r).map { $0 ? "1" : "0" } ?? "", Format.fixed(PoolMetrics.directSeconds(r), 3),
                Format.fixed(PoolMetrics.detourSeconds(r), 3),
            ]
            out += cells.joined(separator: ",")
            out += "\n"
        }
        return out
    }

    /// drivers.csv: one row per driver, in id order.
    public static func driversCSV(_ run: RunResult) -> String {
        var out = driverColumns.joined(separator: ",") + "\n"
        for d in run.drivers {
            let cells: [String] = [
                String(d.id), Format.seconds(d.online), Format.seconds(d.idle), Format.seconds(d.toPickup),
                Format.seconds(d.onTrip), Format.seconds(d.offline), String(d.trips), Format.fixed(d.deadhead / 1000, 3), Format.fixed(d.revenue, 2),
                Format.seconds(d.onlineFrom), Format.seconds(d.onlineUntil), Format.csvField(d.sourceID ?? ""),
                Format.seconds(d.repositioning), Format.fixed(d.repositionMeters / 1000, 3),
                Format.fixed(d.driven / 1000, 3),
            ]
            out += cells.joined(separator: ",")
            out += "\n"
        }
        return out
    }

    /// summary.csv: a header and one row.
    public static func summaryCSV(_ summary: Summary) -> String {
        summary.fields.map(\.name).joined(separator: ",") + "\n"
            + summary.fields.map(\.value.csv).joined(separator: ",") + "\n"
    }

    /// summary.json: the same fields as one JSON object, in the same order.
    public static func summaryJSON(_ summary: Summary) -> String {
        let body = summary.fields.map { "  \(jsonString($0.name)): \($0.value.json)" }.joined(separator: ",\n")
        return "{\n" + body + "\n}\n"
    }

    /// The short table printed on the terminal after a run.
    public static func terminalTable(_ summary: Summary) -> String {
        let rows: [(String, String, String)] = [
            ("requests", "requests", ""), ("completed", "completed", ""), ("in progress", "in_progress", ""),
            ("cancelled", "cancelled", ""), ("unmatched", "unmatched", ""), ("match rate", "match_rate", ""),
            ("wait mean", "wait_mean_s", "s"), ("wait p90", "wait_p90_s", "s"),
            ("pickup ETA bias", "pickup_eta_bias_s", "s"), ("pickup ETA MAE", "pickup_eta_mae_s", "s"),
            ("utilization", "utilization", ""), ("revenue / driver h", "revenue_per_driver_hour", ""),
            ("surge mean", "surge_mean", "×"), ("declined offers", "declined_offers", ""),
            ("decision p50", "decision_latency_p50_us", "µs"), ("decision p99", "decision_latency_p99_us", "µs"),
            ("late events", "late_events", ""), ("input rows rejected", "input_rows_rejected", ""), ("events", "events", ""), ("events / s", "events_per_s", ""),
            ("wall time", "wall_s", "s"),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        var out = ""
        for (label, column, unit) in rows {
            guard let value = summary[column]?.csv else { continue }
            let shown = value.isEmpty ? "–" : value + (unit.isEmpty ? "" : " " + unit)
            out += "  " + label + String(repeating: " ", count: width - label.count) + "  " + shown + "\n"
        }
        return out
    }
}
