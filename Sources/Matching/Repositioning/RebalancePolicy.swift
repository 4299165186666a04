import Core

/// `rebalance`: the platform decides. Every `interval` the engine forecasts each zone's
/// demand for the next interval (``Rebalancer``) and this policy sends idle drivers to cover
/// the shortfall at least total distance (an exact min-cost flow, ``TransportSolver``).
///
/// The platform's idle supply (available drivers with a fresh location, plus drivers it sent
/// that are still on their way, counted at their target) is shared out over the zones in
/// proportion to the forecast (largest remainders): that share is each zone's target.
/// Surplus of z = idle drivers in z beyond its target; shortfall = target − supply where
/// positive. Arcs longer than `max_km` (zone centre to zone centre) are not allowed; as many
/// drivers move as the arcs allow, at least total distance. From a zone, the drivers nearest
/// the destination go (ties: lower id), to the destination zone's centre. A sent driver is
/// not sent again before its predicted arrival (at least one interval).
public struct RebalancePolicy: RepositioningPolicy {
    /// Scenario name `rebalance`.
    public static let name = "rebalance"
    /// One line for `ridematch strategies`.
    public static let summary = "the platform moves idle drivers to forecast shortfalls by min-cost flow (platform's choice)"
    /// The platform decides.
    public static let decider = RepositioningDecider.platform

    /// A driver sent is not sent again before this time (its estimated arrival, at least
    /// one interval later); until then it counts as supply of its target zone.
    var movingUntil: [Millis] = []
    /// The zone each sent driver is heading to.
    var headingTo: [Int] = []

    /// Creates the policy; its only settings are the shared ones (interval, `max_km`).
    public init(settings: RepositioningSettings) {}

    /// Moves surplus idle drivers to the forecast shortfalls along a least-distance plan.
    public mutating func reposition(_ view: PlatformView) -> [RepositionDecision] {
        let search = view.search, now = view.now, forecast = view.forecast
        let rows = search.drivers.rows
        if movingUntil.count != rows.count {
            movingUntil = Array(repeating: .min, count: rows.count)
            headingTo = Array(repeating: 0, count: rows.count)
        }
        let traffic = search.traffic
        let zones = forecast.count
        var idleByZone = Array(repeating: [Int32](), count: zones)
        var enRoute = Array(repeating: 0, count: zones)
        for (d, row) in rows.enumerated() where row.status == .available {
            if movingUntil[d] > now {
                enRoute[headingTo[d]] += 1
                continue
            }
            guard let seenAt = row.locationTime, now - seenAt <= search.staleness else { continue }
            idleByZone[traffic.zoneIndex(at: row.location)].append(Int32(d))
        }
        let supplyByZone = (0..<zones).map { idleByZone[$0].count + enRoute[$0] }
        let desired = Self.share(supplyByZone.reduce(0, +), by: forecast)
        var sources: [Int] = [], sinks: [Int] = [], supply: [Int] = [], demand: [Int] = []
        for z in 0..<zones {
            let idle = idleByZone[z].count
            if idle > desired[z] { sources.append(z); supply.append(idle - desired[z]) }
            if desired[z] > supplyByZone[z] { sinks.append(z); demand.append(desired[z] - supplyByZone[z]) }
        }
        guard !sources.isEmpty, !sinks.isEmpty else { return [] }
        let centers = traffic.zoneCenters, reach = view.settings.maxMeters
        let plan = TransportSolver.solve(supply: supply, demand: demand) { i, j in
            let d = centers[sources[i]].distance(to: centers[sinks[j]])
            return d <= reach ? d : nil
        }
        var decisions: [RepositionDecision] = []
        for shipment in plan.shipments {
            let target = centers[sinks[shipment.to]]
            let z = sources[shipment.from]
            // The zone's idle drivers nearest the target go first (ties: lower id).
            idleByZone[z].sort {
                let a = rows[Int($0)].location.distance(to: target), b = rows[Int($1)].location.distance(to: target)
                return a != b ? a < b : $0 < $1
            }
            for driver in idleByZone[z].prefix(shipment.units) {
                decisions.append(RepositionDecision(driver: driver, target: target, time: now))
                // Locked (and counted at its target) until it should have arrived.
                let eta = search.travel.trip(from: rows[Int(driver)].location, to: target, hourOfWeek: view.hourOfWeek).seconds
                movingUntil[Int(driver)] = now + max(view.interval, .fromSeconds(eta.isFinite ? eta : 0))
                headingTo[Int(driver)] = sinks[shipment.to]
            }
            idleByZone[z].removeFirst(min(shipment.units, idleByZone[z].count))
        }
        return decisions
    }

    /// `total` split in proportion to `weights` by largest remainders (ties: lower index);
    /// all zero when the weights sum to zero.
    static func share(_ total: Int, by weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0, total > 0 else { return Array(repeating: 0, count: weights.count) }
        let exact = weights.map { Double(total) * $0 / sum }
        var out = exact.map { Int($0.rounded(.down)) }
        let left = total - out.reduce(0, +)
        let order = exact.indices.sorted { (exact[$0] - Double(out[$0]), -$0) > (exact[$1] - Double(out[$1]), -$1) }
        for i in order.prefix(left) { out[i] += 1 }
        return out
    }
}
