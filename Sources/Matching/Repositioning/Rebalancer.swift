import Core
import Traffic

/// How the engine takes part in repositioning (`EngineConfig/repositioning`).
public struct EngineRepositioning: Sendable, Equatable {
    /// The policy's settings.
    public var settings: RepositioningSettings
    /// Whether the platform decides (``RebalancePolicy``): the engine then sends drivers.
    /// Otherwise it only counts demand by zone (the busiest zones drivers may head for).
    public var platform: Bool

    /// Expected demand by zone from a zone-to-zone table (`demand.od`), used as the
    /// forecast instead of the requests the engine has seen (nil: no table).
    public var prior: DemandPrior? = nil

    /// Creates the settings.
    public init(settings: RepositioningSettings, platform: Bool) {
        self.settings = settings
        self.platform = platform
    }
}

/// Expected requests by traffic zone through the day, from a zone-to-zone table: the
/// rebalancer's forecast when the scenario has one.
public struct DemandPrior: Sendable, Equatable {
    /// Per 15-minute slot of the local day: expected requests per second by traffic zone.
    public var slotRates: [[Double]]
    /// Local time of simulation time 0, seconds since the Unix epoch (UTC offset added).
    public var localStartSeconds: Double

    /// Creates a prior.
    public init(slotRates: [[Double]], localStartSeconds: Double) {
        self.slotRates = slotRates
        self.localStartSeconds = localStartSeconds
    }

    /// Expected requests by zone over the `interval` starting at `now`: the rates of the slot
    /// holding the interval's midpoint, times its length.
    public func forecast(at now: Millis, interval: Millis) -> [Double] {
        let mid = localStartSeconds + (now + interval / 2).seconds
        let second = (mid.truncatingRemainder(dividingBy: 86_400) + 86_400).truncatingRemainder(dividingBy: 86_400)
        let slot = min(slotRates.count - 1, Int(second / 900))
        return slotRates[slot].map { $0 * interval.seconds }
    }
}

/// The engine's fleet rebalancer: counts requests by traffic zone, forecasts each zone's
/// demand for the next interval, and — for a platform policy — every interval sends idle
/// drivers from zones with more idle drivers than forecast requests to zones with fewer,
/// along a least-total-distance plan (``TransportSolver``, exact).
///
/// Forecast of zone z for the next interval: with a zone-to-zone table (``DemandPrior``),
/// its expected pickups in z over the interval; otherwise the requests whose pickup was in
/// z during the last interval, exponentially smoothed over intervals (weight 1/2). The platform's idle
/// supply (available drivers with a fresh location, plus drivers it sent that are still on
/// their way, counted at their target) is shared out over the zones in proportion to the
/// forecast (largest remainders): that share is each zone's target. Surplus of z = idle
/// drivers in z beyond its target; shortfall = target − supply where positive. Arcs longer
/// than `max_km` (zone centre to zone centre) are not allowed; as many drivers move as the
/// arcs allow, at least total distance. From a zone, the drivers nearest the destination
/// go (ties: lower id), to the destination zone's centre. A sent driver is not sent again
/// before its predicted arrival (at least one interval).
public struct Rebalancer: Sendable {
    /// The settings.
    public let config: EngineRepositioning
    /// Requests seen by origin zone since the last run.
    var seen: [Int]
    /// Requests seen by origin zone since the start.
    public private(set) var seenTotal: [Int]
    /// The current forecast by zone: requests expected in the next interval.
    public private(set) var forecast: [Double]
    /// A driver sent is not sent again before this time (its estimated arrival, at least
    /// one interval later); until then it counts as supply of its target zone.
    var movingUntil: [Millis]
    /// The zone each sent driver is heading to.
    var headingTo: [Int]
    /// Unix time of simulation time 0, seconds (for the hour of week of ETAs).
    let startUnixSeconds: Double
    /// When the next run is due, ms.
    public private(set) var nextRun: Millis
    /// Runs so far.
    public private(set) var runs = 0
    /// Drivers sent so far.
    public private(set) var sent = 0
    /// Decisions not yet taken by the simulator (or the stream replay).
    var decisions: [RepositionDecision] = []

    /// A rebalancer over `zones` traffic zones and driver ids `0..<drivers`.
    public init(config: EngineRepositioning, zones: Int, drivers: Int, startUnixSeconds: Double) {
        self.config = config
        self.startUnixSeconds = startUnixSeconds
        headingTo = Array(repeating: 0, count: drivers)
        seen = Array(repeating: 0, count: zones)
        seenTotal = seen
        forecast = Array(repeating: 0, count: zones)
        movingUntil = Array(repeating: .min, count: drivers)
        nextRun = max(1, config.settings.interval)
    }

    /// Counts a request record whose pickup is at `origin`.
    mutating func noteRequest(at origin: PlanePoint, traffic: TrafficModel) {
        let z = traffic.zoneIndex(at: origin)
        seen[z] += 1
        seenTotal[z] += 1
    }

    /// The centres of the `count` zones with the most requests seen (ties: lower index);
    /// zones with none are left out.
    public func busiestZones(_ count: Int, traffic: TrafficModel) -> [PlanePoint] {
        let order = seenTotal.indices.filter { seenTotal[$0] > 0 }.sorted { (seenTotal[$0], -$0) > (seenTotal[$1], -$1) }
        return order.prefix(count).map { traffic.zoneCenters[$0] }
    }

    /// Runs the forecast (and, for a platform policy, the rebalancing) when due at `now`.
    mutating func runIfDue(at now: Millis, search: CandidateSearch) {
        guard now >= nextRun else { return }
        let interval = max(1, config.settings.interval)
        nextRun = (now / interval + 1) * interval
        if let prior = config.prior, prior.slotRates.first?.count == forecast.count {
            forecast = prior.forecast(at: now, interval: interval)
            for z in seen.indices { seen[z] = 0 }
        } else {
            for z in seen.indices {
                forecast[z] = runs == 0 ? Double(seen[z]) : 0.5 * Double(seen[z]) + 0.5 * forecast[z]
                seen[z] = 0
            }
        }
        runs += 1
        guard config.platform else { return }
        rebalance(at: now, search: search)
    }

    private mutating func rebalance(at now: Millis, search: CandidateSearch) {
        let traffic = search.traffic
        let zones = forecast.count
        var idleByZone = Array(repeating: [Int32](), count: zones)
        var enRoute = Array(repeating: 0, count: zones)
        for (d, row) in search.drivers.rows.enumerated() where row.status == .available {
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
        guard !sources.isEmpty, !sinks.isEmpty else { return }
        let centers = traffic.zoneCenters, reach = config.settings.maxMeters
        let plan = TransportSolver.solve(supply: supply, demand: demand) { i, j in
            let d = centers[sources[i]].distance(to: centers[sinks[j]])
            return d <= reach ? d : nil
        }
        let rows = search.drivers.rows
        let hour = hourOfWeek(unixSeconds: startUnixSeconds + now.seconds)
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
                let eta = search.travel.trip(from: rows[Int(driver)].location, to: target, hourOfWeek: hour).seconds
                movingUntil[Int(driver)] = now + max(interval, .fromSeconds(eta.isFinite ? eta : 0))
                headingTo[Int(driver)] = sinks[shipment.to]
            }
            idleByZone[z].removeFirst(min(shipment.units, idleByZone[z].count))
        }
        sent += plan.units
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

    private var interval: Millis { max(1, config.settings.interval) }

    /// Returns the decisions made since the last call, and forgets them.
    mutating func takeDecisions() -> [RepositionDecision] {
        defer { decisions.removeAll(keepingCapacity: true) }
        return decisions
    }
}

extension JoinEngine {
    /// The reposition decisions made since the last call (platform policies), in order.
    public mutating func takeRepositionDecisions() -> [RepositionDecision] {
        rebalancer?.takeDecisions() ?? []
    }
}
