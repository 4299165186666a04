import Core
import Foundation
import Matching
import Scenario
import Traffic
import Zones

/// Demand from real zone-to-zone rates (`demand.od`): arrivals follow the 15-minute profile
/// of the start's local weekday scaled to `requests_per_day` (a Poisson process, piecewise
/// constant per slot, by thinning), each request's (pickup, drop-off) zone pair is drawn in
/// proportion to the slot's trips, and its points uniformly inside the two zones' polygons.
///
/// Arrival times come from the `demand` stream; the zones and points of the n-th request
/// from a `demand` generator keyed by n, and its patience from the `behaviour` stream:
/// identical whatever the strategy (common random numbers).
public struct ZoneDemandModel: DemandSource {
    private var arrivals: RandomSource
    private var behaviour: RandomSource
    private let seed: UInt64
    private let scenario: Scenario
    private let rates: ODRates
    private let zones: ZoneSet
    private let sampler: ZoneSampler
    private let slotRate: [Double]
    private let maxRate: Double
    private let localStartSeconds: Double
    private let patienceMedian, patienceSigma: Double
    private var clock = 0.0
    private var count: UInt64 = 0

    /// Builds the model on the scenario's plane from loaded rates and zones.
    public init(scenario: Scenario, rates: ODRates, zones: ZoneSet, projection: LocalProjection) {
        seed = scenario.seed
        self.scenario = scenario
        arrivals = RandomSource(seed: seed, stream: .demand)
        behaviour = RandomSource(seed: seed, stream: .behaviour)
        self.rates = rates
        self.zones = zones
        sampler = ZoneSampler(zones: zones, projection: projection)
        let perDay = scenario.demand.requestsPerDay ?? 0
        let day = Double(rates.dayTrips)
        slotRate = rates.slotTrips.map { perDay * Double($0) / day / 900 }
        maxRate = slotRate.max() ?? 0
        localStartSeconds = scenario.start.timeIntervalSince1970 + Double(scenario.startUTCOffsetSeconds)
        patienceMedian = scenario.demand.patience.median
        patienceSigma = scenario.demand.patience.sigma
    }

    /// The next request before `horizon` (ms), or nil when demand is over.
    public mutating func next(before horizon: Millis) -> SampledRequest? {
        guard maxRate > 0 else { return nil }
        while true {
            clock += arrivals.exponential(mean: 1 / maxRate)
            let time = Millis.fromSeconds(clock)
            guard time < horizon else { return nil }
            let secondOfDay = (localStartSeconds + clock).truncatingRemainder(dividingBy: 86_400)
            let slot = min(ODRates.slotsPerDay - 1, Int(((secondOfDay + 86_400).truncatingRemainder(dividingBy: 86_400)) / 900))
            guard arrivals.uniform() * maxRate < slotRate[slot] else { continue }
            count += 1
            var rng = RandomSource(seed: seed, stream: .demand, key: count)
            let (pickup, dropoff) = rates.pair(slot: slot, u: rng.uniform())
            let origin = sampler.sample(zoneIndex: zones.index(ofID: pickup)!, using: &rng)
            let destination = sampler.sample(zoneIndex: zones.index(ofID: dropoff)!, using: &rng)
            let patience = patienceMedian * exp(patienceSigma * behaviour.normal())
            return SampledRequest(time: time, origin: origin, destination: destination, patience: .fromSeconds(patience),
                                  originZone: pickup, destinationZone: dropoff)
        }
    }
}

extension ZoneDemandModel: DemandKind {
    /// `od`.
    public static let kind = "od"

    /// Chosen by `demand.od` (validation requires `demand.zones` and `requests_per_day` with it).
    public static func isChosen(by scenario: Scenario) -> Bool { scenario.demand.od != nil }

    /// `demand.requests_per_day`.
    public static let volumeSetting = "demand.requests_per_day"

    /// `requests_per_day` per day of horizon (the daily profile's shape moves requests between
    /// hours, not their total over whole days; a part day is counted at the day's mean rate,
    /// an estimate that is exact over whole days).
    public static func expectedRequests(for scenario: Scenario) -> Double? {
        guard scenario.demand.od != nil, let perDay = scenario.demand.requestsPerDay else { return nil }
        return perDay * scenario.duration / 86_400
    }

    /// Loads the rates of `demand.od` for the start's local weekday over `zones`, and checks
    /// that every zone they use lies inside the city disc.
    public static func open(_ scenario: Scenario, plane: LocalProjection, zones: ZoneSet?, display: (URL) -> String) throws -> Self {
        guard let url = scenario.demand.od, let zones else {
            throw InputProblem("\(display(scenario.file)): demand.od: needs demand.zones (the GeoJSON zones its zone ids refer to)")
        }
        let weekday = Scenario.localWeekday(start: scenario.start, utcOffsetSeconds: scenario.startUTCOffsetSeconds)
        let rates = try ODRates.load(url: url, file: display(url), weekday: weekday, zones: zones)
        try checkInsideCity(zones, ids: rates.zoneIDs, scenario: scenario, plane: plane)
        return ZoneDemandModel(scenario: scenario, rates: rates, zones: zones, projection: plane)
    }

    /// The table's pickups by traffic zone through the day (``DemandPrior``).
    public func forecast(traffic: TrafficModel) -> DemandPrior? {
        DemandPrior(scenario: scenario, rates: rates, zones: zones, traffic: traffic)
    }

    /// Every zone the OD table uses must lie inside the city disc (where drivers, the spatial
    /// index and the traffic raster live).
    private static func checkInsideCity(_ zones: ZoneSet, ids: [Int], scenario: Scenario, plane: LocalProjection) throws {
        let sampler = ZoneSampler(zones: zones, projection: plane)
        let radius = scenario.city.radiusKm * 1000
        for id in ids {
            let index = zones.index(ofID: id)!
            let far = sampler.farthestVertex(zoneIndex: index)
            if far > radius {
                let km = (far / 100).rounded(.up) / 10
                throw InputProblem(locatedMessage(
                    file: zones.file, line: nil, field: "zone \(id) (\(zones.zones[index].name))",
                    message: "reaches \(km) km from city.center, outside city.radius_km \(scenario.city.radiusKm)"))
            }
        }
    }
}
