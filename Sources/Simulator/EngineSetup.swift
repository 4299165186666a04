import Core
import Matching
import Scenario

extension EngineConfig {
    /// The engine settings a scenario implies, for a city of `drivers` drivers (the
    /// scenario's `supply.drivers`, or the rows of its drivers file). The simulator and
    /// every replay of its streams (`ridematch engine`) build the engine from this alone.
    public init(scenario: Scenario, drivers: Int) {
        let f = scenario.fare
        self.init(
            maxPickupEta: scenario.matching.maxPickupEta,
            staleness: .fromSeconds(scenario.streams.staleness),
            outOfOrderness: .fromSeconds(scenario.streams.outOfOrderness),
            allowedLateness: .fromSeconds(scenario.streams.allowedLateness),
            startUnixSeconds: scenario.start.timeIntervalSince1970, cellSize: scenario.city.cellSizeM,
            indexHalfExtent: scenario.city.indexHalfExtentMeters, drivers: drivers,
            fare: FareRule(base: f.base, perKm: f.perKm, perMinute: f.perMinute, minimum: f.minimum, sharedDiscount: f.sharedDiscount),
            idleTimeout: .fromSeconds(scenario.streams.idleTimeout))
        pool = PoolSettings(
            seats: scenario.supply.seats, maxWait: scenario.matching.pool.maxWait, maxDetour: scenario.matching.pool.maxDetour)
        surge = SurgeSettings(max: f.surge.max, interval: max(1, .fromSeconds(f.surge.interval)))
        repositioning = Self.repositioning(scenario.supply.repositioning)
    }
}
