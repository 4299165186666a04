import Core
import Matching
import Simulator

/// Pooling figures of a run (docs/metrics.md, "Shared rides"): they apply to solo runs too,
/// where nobody shares, occupancy is on-trip time over driving time and detours are 0.
public struct PoolMetrics {
    let run: RunResult

    /// Metrics of `run`.
    public init(_ run: RunResult) { self.run = run }

    /// stops.csv columns, in order.
    public static let stopColumns = ["driver_id", "time_s", "kind", "request_id", "onboard"]

    /// Whether a matched request shared its vehicle (false for solo service); nil if never matched.
    public static func shared(_ r: RequestRecord) -> Bool? {
        r.matchTime == nil || r.outcome == .cancelled ? nil : (r.shared ?? false)
    }

    /// The direct trip's time of a completed request, seconds: the solo ride's true time
    /// (in-vehicle time in solo service).
    public static func directSeconds(_ r: RequestRecord) -> Double? {
        guard r.outcome == .completed, let p = r.pickupTime, let d = r.dropoffTime else { return nil }
        return r.directSeconds ?? (d - p).seconds
    }

    /// In-vehicle time minus the direct trip's time of a completed request, seconds.
    public static func detourSeconds(_ r: RequestRecord) -> Double? {
        guard let direct = directSeconds(r), let p = r.pickupTime, let d = r.dropoffTime else { return nil }
        return (d - p).seconds - direct
    }

    /// Completed trips that shared their vehicle ÷ completed trips.
    public var pooledShare: Double? {
        let completed = run.requests.filter { $0.outcome == .completed }
        guard !completed.isEmpty else { return nil }
        return Double(completed.reduce(0) { $0 + ($1.shared == true ? 1 : 0) }) / Double(completed.count)
    }

    /// Rider-seconds aboard ÷ vehicle-seconds driving (to pickup + on trip): riders aboard a
    /// moving vehicle on average. A rider aboard at the horizon counts until the horizon.
    public var occupancyMean: Double? {
        let aboard = run.requests.reduce(Millis(0)) { sum, r in
            guard let p = r.pickupTime else { return sum }
            return sum + ((r.dropoffTime ?? run.horizon) - p)
        }
        let driving = run.drivers.reduce(Millis(0)) { $0 + $1.toPickup + $1.onTrip }
        return driving > 0 ? Double(aboard) / Double(driving) : nil
    }

    /// Road km every vehicle drove (drivers.csv `driven_km` summed).
    public var vehicleKm: Double { run.drivers.reduce(0) { $0 + $1.driven } / 1000 }

    /// Vehicle km ÷ completed trips.
    public var vehicleKmPerTrip: Double? {
        let completed = run.requests.reduce(0) { $0 + ($1.outcome == .completed ? 1 : 0) }
        return completed > 0 ? vehicleKm / Double(completed) : nil
    }

    /// Nearest-rank percentile of detours of completed trips, seconds.
    public func detourPercentile(_ p: Double) -> Double? {
        nearestRank(run.requests.compactMap(PoolMetrics.detourSeconds).sorted(), p)
    }

    /// The summary fields.
    public var fields: [(name: String, value: SummaryValue)] {
        [
            ("seats", .count(run.scenario.supply.seats)),
            ("pooled_share", .number(pooledShare, decimals: 4)),
            ("occupancy_mean", .number(occupancyMean, decimals: 4)),
            ("vehicle_km", .number(vehicleKm, decimals: 3)),
            ("vehicle_km_per_trip", .number(vehicleKmPerTrip, decimals: 4)),
            ("detour_p50_s", .number(detourPercentile(50), decimals: 3)),
            ("detour_p90_s", .number(detourPercentile(90), decimals: 3)),
            ("detour_p99_s", .number(detourPercentile(99), decimals: 3)),
            ("promise_checks", .count(run.pool.promiseChecks)),
            ("promise_breaks", .count(run.pool.promiseBreaks)),
        ] + reassignFields
    }

    /// The re-optimisation columns (docs/metrics.md), only in runs of a strategy that moves
    /// riders between vehicles (``PoolOutcome/reassignsRiders``: `pool-batch` with
    /// `matching.pool.reoptimize`), so every other run's summary is unchanged.
    var reassignFields: [(name: String, value: SummaryValue)] {
        guard run.pool.reassignsRiders else { return [] }
        return [
            ("reassignments", .count(run.pool.reassignments)),
            ("reassignments_refused", .count(run.pool.reassignmentsRefused)),
            ("riders_reassigned", .count(run.pool.ridersMoved)),
            ("riders_reassigned_twice", .count(run.pool.ridersMovedTwice)),
            ("rebalance_legs", .count(run.repositioning.legs.reduce(0) { $0 + ($1.towardsUnassigned ? 1 : 0) })),
            ("rebalance_km", .number(run.repositioning.legs.reduce(0) { $0 + ($1.towardsUnassigned ? $1.meters : 0) } / 1000,
                                     decimals: 3)),
        ]
    }

    /// stops.csv: every stop made, in simulation order.
    public static func stopsCSV(_ run: RunResult) -> String {
        var out = stopColumns.joined(separator: ",") + "\n"
        out.reserveCapacity(run.pool.stops.count * 32)
        for s in run.pool.stops {
            out += String(s.driver) + "," + Format.seconds(s.time) + "," + s.kind.description + "," + String(s.request)
                + "," + String(s.onboard) + "\n"
        }
        return out
    }
}
