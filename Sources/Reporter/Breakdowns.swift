import Core
import Foundation
import Simulator

/// Pickup-ETA error of a group of pickups: quoted vs actual pickup ETA.
public struct EtaError: Sendable, Equatable {
    /// Pickups in the group (matched requests whose driver reached the rider).
    public private(set) var pickups = 0
    private var quotedSum = 0.0, actualSum = 0.0, errorSum = 0.0, absSum = 0.0
    private var pctSum = 0.0, pctCount = 0

    /// An empty group.
    public init() {}

    /// Adds one pickup.
    public mutating func add(quoted: Double, actual: Double) {
        pickups += 1
        quotedSum += quoted
        actualSum += actual
        errorSum += actual - quoted
        absSum += abs(actual - quoted)
        if actual > 0 {
            pctSum += 100 * abs(actual - quoted) / actual
            pctCount += 1
        }
    }

    /// Mean quoted ETA, s.
    public var quotedMean: Double? { pickups > 0 ? quotedSum / Double(pickups) : nil }
    /// Mean actual ETA, s.
    public var actualMean: Double? { pickups > 0 ? actualSum / Double(pickups) : nil }
    /// Mean (actual − quoted), s.
    public var bias: Double? { pickups > 0 ? errorSum / Double(pickups) : nil }
    /// Mean |actual − quoted|, s.
    public var mae: Double? { pickups > 0 ? absSum / Double(pickups) : nil }
    /// Mean |actual − quoted| / actual × 100 over pickups with actual > 0.
    public var mape: Double? { pctCount > 0 ? pctSum / Double(pctCount) : nil }
}

/// Per-hour and per-zone breakdowns of a run (eta_by_hour.csv, zones.csv).
public enum Breakdowns {
    /// One hour of the run (hour 0 starts at the scenario start) with the ETA error of the
    /// pickups whose match fell in it.
    public struct Hour: Sendable, Equatable {
        /// 0-based hour since the start.
        public var hour: Int
        /// Hour start and end, ms (the last may end early, at the horizon).
        public var start: Millis, end: Millis
        /// UTC hour of week at the hour's start (the traffic-table key).
        public var hourOfWeek: Int
        /// The ETA error of the pickups matched in the hour.
        public var eta = EtaError()
    }

    /// eta_by_hour.csv columns.
    public static let hourColumns = [
        "hour", "start_s", "end_s", "hour_of_week", "pickups", "pickup_eta_quoted_mean_s",
        "pickup_eta_actual_mean_s", "pickup_eta_bias_s", "pickup_eta_mae_s", "pickup_eta_mape_pct",
    ]

    /// ETA error by hour of the run, every hour of the horizon (empty hours included).
    public static func etaByHour(_ run: RunResult) -> [Hour] {
        let hour: Millis = 3_600_000
        let n = run.horizon > 0 ? Int((run.horizon + hour - 1) / hour) : 0
        let startUnix = run.scenario.start.timeIntervalSince1970
        var rows = (0..<n).map { k in
            Hour(hour: k, start: Millis(k) * hour, end: min(Millis(k + 1) * hour, run.horizon),
                 hourOfWeek: hourOfWeek(unixSeconds: startUnix + Double(k) * 3600))
        }
        for r in run.requests {
            guard let q = r.quotedPickupEta, let a = r.actualPickupEta, let m = r.matchTime else { continue }
            rows[min(n - 1, Int(m / hour))].eta.add(quoted: q, actual: a)
        }
        return rows
    }

    /// eta_by_hour.csv text.
    public static func etaByHourCSV(_ rows: [Hour]) -> String {
        var out = hourColumns.joined(separator: ",") + "\n"
        for h in rows {
            out += [
                String(h.hour), Format.seconds(h.start), Format.seconds(h.end), String(h.hourOfWeek),
                String(h.eta.pickups), Format.fixed(h.eta.quotedMean, 3), Format.fixed(h.eta.actualMean, 3),
                Format.fixed(h.eta.bias, 3), Format.fixed(h.eta.mae, 3), Format.fixed(h.eta.mape, 3),
            ].joined(separator: ",") + "\n"
        }
        return out
    }

    /// One traffic zone's requests (by pickup point) and how they went.
    public struct Zone: Sendable, Equatable {
        /// Traffic zone id.
        public var zone: Int
        /// Requests by outcome, in ``RequestOutcome/allCases`` order.
        public var outcomes = [0, 0, 0, 0]
        /// Sorted waits of the zone's pickups, s.
        public var waits: [Double] = []
        /// ETA error of the zone's pickups.
        public var eta = EtaError()
        /// Sum of deadhead km of the zone's matches.
        public var deadheadKm = 0.0
        /// Matches applied (deadhead legs started).
        public var matched = 0

        /// All requests from the zone.
        public var requests: Int { outcomes.reduce(0, +) }
    }

    /// zones.csv columns.
    public static let zoneColumns = [
        "zone_id", "requests", "completed", "in_progress", "cancelled", "unmatched", "match_rate",
        "wait_mean_s", "wait_p50_s", "wait_p90_s", "pickup_eta_bias_s", "pickup_eta_mae_s",
        "pickup_eta_mape_pct", "deadhead_km_mean",
    ]

    /// Per zone of the pickup point, zones with at least one request, by zone id: traffic
    /// zones by default (zones.csv), demand zones with `\.originDemandZone`
    /// (demand_zones.csv; requests outside every zone under an empty id).
    public static func zones(_ run: RunResult, by zone: KeyPath<RequestRecord, Int?> = \.originZone) -> [Zone] {
        var byZone: [Int: Zone] = [:]
        for r in run.requests {
            let id = r[keyPath: zone] ?? -1
            // Mutated in place (a copy per request would copy the zone's waits each time).
            byZone[id, default: Zone(zone: id)].outcomes[RequestOutcome.allCases.firstIndex(of: r.outcome)!] += 1
            if let w = r.wait { byZone[id]!.waits.append(w.seconds) }
            if let q = r.quotedPickupEta, let a = r.actualPickupEta { byZone[id]!.eta.add(quoted: q, actual: a) }
            if let d = r.pickupDistance {
                byZone[id]!.deadheadKm += d / 1000
                byZone[id]!.matched += 1
            }
        }
        return byZone.keys.sorted().map { id in
            var z = byZone[id]!
            z.waits.sort()
            return z
        }
    }

    /// zones.csv text.
    public static func zonesCSV(_ zones: [Zone]) -> String {
        var out = zoneColumns.joined(separator: ",") + "\n"
        for z in zones {
            let matched = z.outcomes[0] + z.outcomes[1]
            out += [
                z.zone >= 0 ? String(z.zone) : "", String(z.requests),
                String(z.outcomes[0]), String(z.outcomes[1]), String(z.outcomes[2]), String(z.outcomes[3]),
                Format.fixed(z.requests > 0 ? Double(matched) / Double(z.requests) : nil, 4),
                Format.fixed(mean(z.waits), 3), Format.fixed(nearestRank(z.waits, 50), 3),
                Format.fixed(nearestRank(z.waits, 90), 3), Format.fixed(z.eta.bias, 3), Format.fixed(z.eta.mae, 3),
                Format.fixed(z.eta.mape, 3), Format.fixed(z.matched > 0 ? z.deadheadKm / Double(z.matched) : nil, 3),
            ].joined(separator: ",") + "\n"
        }
        return out
    }
}
