import Core
import Simulator

/// The numbers a zone map colours, per zone id: requests, mean wait, the share of requests
/// not served (cancelled or unmatched) and the idle supply (mean idle drivers in the zone).
///
/// Built from a run's traffic zones today; any zone layer (e.g. demand zones read from a
/// GeoJSON file) that gives ``ZoneShape``s and these numbers per id maps the same way.
public struct ZoneFigures: Sendable, Equatable {
    /// The numbers of one zone.
    public struct Row: Sendable, Equatable {
        /// Requests whose pickup point is in the zone.
        public var requests = 0
        /// Mean wait (request to pickup) of the zone's pickups, s (nil: no pickups).
        public var waitMean: Double?
        /// (cancelled + unmatched) / requests (nil: no requests).
        public var unservedShare: Double?
        /// Idle driver time in the zone over the horizon: the mean number of idle drivers there.
        public var idleDrivers = 0.0
    }

    /// What the zones are ("traffic zones" or "demand zones").
    public var layer: String
    /// Shapes of every zone on the map, by id.
    public var shapes: [ZoneShape]
    /// Numbers by zone id (zones without requests or idle time are absent).
    public var rows: [String: Row]

    /// The figures of a run by its demand zones when it uses them (`demand.zones`), else by
    /// its traffic zones.
    public init(_ run: RunResult) {
        let demand = !run.demandZoneShapes.isEmpty
        layer = demand ? "demand zones" : "traffic zones"
        shapes = demand ? run.demandZoneShapes : run.zoneShapes
        var rows: [String: Row] = [:]
        for z in Breakdowns.zones(run, by: demand ? \.originDemandZone : \.originZone) where z.zone >= 0 {
            let unserved = z.outcomes[2] + z.outcomes[3]
            rows[String(z.zone)] = Row(requests: z.requests, waitMean: mean(z.waits),
                                       unservedShare: z.requests > 0 ? Double(unserved) / Double(z.requests) : nil)
        }
        let horizon = max(1, Double(run.horizon))
        let idle = demand ? run.idleByDemandZone.mapValues { Double($0) / horizon } : Self.idleDrivers(run)
        for (zone, mean) in idle { rows[String(zone), default: Row()].idleDrivers = mean }
        self.rows = rows
    }

    /// Mean number of idle drivers by traffic zone id: idle driver time there / horizon.
    public static func idleDrivers(_ run: RunResult) -> [Int: Double] {
        let horizon = max(1, Double(run.horizon))
        return run.idleByZone.mapValues { Double($0) / horizon }
    }

    /// Mean wait by zone id of the run (zones with pickups; demand zones when the run uses
    /// them): the per-replication input of ``pairedWaitDifference(_:_:)``.
    public static func waitMeans(_ run: RunResult) -> [String: Double] {
        var out: [String: Double] = [:]
        let key: KeyPath<RequestRecord, Int?> = run.demandZoneShapes.isEmpty ? \.originZone : \.originDemandZone
        for z in Breakdowns.zones(run, by: key) where z.zone >= 0 { if let w = mean(z.waits) { out[String(z.zone)] = w } }
        return out
    }

    /// The mean over paired replications of (strategy − baseline) mean wait per zone:
    /// `strategy[r]` and `baseline[r]` are replication r (same seed) of each; a zone counts a
    /// replication only where both have pickups there. Zones with no such pair are absent.
    public static func pairedWaitDifference(_ strategy: [[String: Double]], _ baseline: [[String: Double]])
        -> [String: (mean: Double, pairs: Int)]
    {
        var sums: [String: (Double, Int)] = [:]
        for (s, b) in zip(strategy, baseline) {
            for (zone, w) in s { if let base = b[zone] { sums[zone, default: (0, 0)].0 += w - base; sums[zone]!.1 += 1 } }
        }
        return sums.mapValues { (mean: $0.0 / Double($0.1), pairs: $0.1) }
    }
}
