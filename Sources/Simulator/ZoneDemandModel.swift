import Core
import Foundation
import Scenario
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
