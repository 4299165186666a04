import Core
import Matching
import Scenario
import Traffic
import Zones

extension DemandPrior {
    /// Points drawn inside each demand zone to split its pickups over traffic zones.
    static let samplesPerZone = 64

    /// The expected pickups by traffic zone through the day from the zone-to-zone table of
    /// `demand.od` (`rates` over `zones`), scaled to `requests_per_day` as the demand model
    /// scales it. A demand zone's pickups are split over the traffic zones holding 64 points
    /// drawn uniformly inside it (a fixed, seed-independent draw), so the simulator and every
    /// replay of its streams build the same prior.
    public init(scenario: Scenario, rates: ODRates, zones: ZoneSet, traffic: TrafficModel) {
        let sampler = ZoneSampler(zones: zones, projection: traffic.projection)
        let n = rates.zoneIDs.count
        var split = Array(repeating: [Int: Double](), count: n)
        for (k, id) in rates.zoneIDs.enumerated() {
            guard let index = zones.index(ofID: id) else { continue }
            var rng = RandomSource(seed: 0, stream: .demand, key: UInt64(index))
            for _ in 0..<Self.samplesPerZone {
                let p = sampler.sample(zoneIndex: index, using: &rng)
                split[k][traffic.zoneIndex(at: p), default: 0] += 1 / Double(Self.samplesPerZone)
            }
        }
        let day = Double(rates.dayTrips)
        let scale = day > 0 ? (scenario.demand.requestsPerDay ?? 0) / day / 900 : 0
        let slotRates = (0..<ODRates.slotsPerDay).map { slot -> [Double] in
            var rate = Array(repeating: 0.0, count: traffic.zoneCount)
            for (k, trips) in rates.pickupTrips(slot: slot).enumerated() where trips > 0 {
                for (z, share) in split[k] { rate[z] += Double(trips) * scale * share }
            }
            return rate
        }
        self.init(slotRates: slotRates,
                  localStartSeconds: scenario.start.timeIntervalSince1970 + Double(scenario.startUTCOffsetSeconds))
    }
}

extension EngineConfig {
    /// With a platform policy, forecast from what the run's demand source knows of the day
    /// (``DemandSource/forecast(traffic:)``: the zone-to-zone table of `demand.od`);
    /// otherwise, or when the source has no forecast, leaves the settings as they are.
    public mutating func useDemandPrior(from demand: any DemandSource, traffic: TrafficModel) {
        guard repositioning?.platform == true, let prior = demand.forecast(traffic: traffic) else { return }
        repositioning?.prior = prior
    }
}
