import Core
import Traffic

/// How the engine takes part in repositioning (`EngineConfig/repositioning`).
public struct EngineRepositioning: Sendable, Equatable {
    /// The policy's settings.
    public var settings: RepositioningSettings
    /// Whether the platform decides (a policy whose ``RepositioningPolicy/decider`` is
    /// `platform`): the engine then sends drivers. Otherwise it only counts demand by zone
    /// (the busiest zones drivers may head for).
    public var platform: Bool
    /// The registered policy's name (``RepositioningRegistry``): the platform policy the
    /// engine runs when ``platform``.
    public var policy: String

    /// Expected demand by zone from a zone-to-zone table (`demand.od`), used as the
    /// forecast instead of the requests the engine has seen (nil: no table).
    public var prior: DemandPrior? = nil

    /// Creates the settings.
    public init(settings: RepositioningSettings, platform: Bool, policy: String = RebalancePolicy.name) {
        self.settings = settings
        self.platform = platform
        self.policy = policy
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

/// The engine's part in repositioning: counts requests by traffic zone, forecasts each
/// zone's demand for the next interval, and — for a platform policy — every interval asks the
/// policy (``RepositioningPolicy/reposition(_:)``, e.g. ``RebalancePolicy``) where to send
/// available drivers.
///
/// Forecast of zone z for the next interval: with a zone-to-zone table (``DemandPrior``),
/// its expected pickups in z over the interval; otherwise the requests whose pickup was in
/// z during the last interval, exponentially smoothed over intervals (weight 1/2).
public struct Rebalancer: Sendable {
    /// The settings.
    public let config: EngineRepositioning
    /// Requests seen by origin zone since the last run.
    var seen: [Int]
    /// Requests seen by origin zone since the start.
    public private(set) var seenTotal: [Int]
    /// The current forecast by zone: requests expected in the next interval.
    public private(set) var forecast: [Double]
    /// The platform policy (nil: drivers decide, the engine only forecasts).
    var policy: (any RepositioningPolicy)?
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
        seen = Array(repeating: 0, count: zones)
        seenTotal = seen
        forecast = Array(repeating: 0, count: zones)
        policy = config.platform ? RepositioningRegistry.make(config.policy, settings: config.settings) : nil
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
        guard var platform = policy else { return }
        policy = nil  // the policy's state is mutated in place, not copied
        let view = PlatformView(
            now: now, hourOfWeek: hourOfWeek(unixSeconds: startUnixSeconds + now.seconds), interval: interval,
            forecast: forecast, search: search, settings: config.settings)
        let sent = platform.reposition(view)
        policy = platform
        decisions += sent
        self.sent += sent.count
    }

    private var interval: Millis { max(1, config.settings.interval) }

    /// Returns the decisions made since the last call, and forgets them.
    mutating func takeDecisions() -> [RepositionDecision] {
        defer { decisions.removeAll(keepingCapacity: true) }
        return decisions
    }
}

extension JoinEngine {
    /// Whether reposition decisions wait to be taken (``takeRepositionDecisions()``).
    public var hasRepositionDecisions: Bool {
        !pool.rebalancing.isEmpty || !(rebalancer?.decisions.isEmpty ?? true)
    }

    /// The reposition decisions made since the last call (platform policies, then a
    /// re-optimising `pool-batch` window's rebalancing of idle vehicles), in order.
    /// Where the engine keeps vehicle plans, each sent driver's leg is known from here on.
    public mutating func takeRepositionDecisions() -> [RepositionDecision] {
        let sent = (rebalancer?.takeDecisions() ?? []) + pool.takeRebalancing()
        for decision in sent {
            pool.repositioned(decision.driver, to: decision.target, at: decision.time.seconds, search: search)
        }
        return sent
    }
}
