import Core
import Foundation
import Matching
import Scenario

extension FareRule {
    /// The fare rule of the scenario's `fare` section, shared discount included. This is
    /// the one place a run's fare rule is built (``RunAssembly/fare``): the engine's quotes,
    /// the strategies' fare terms and the fares charged at drop-off all use it.
    public init(scenario: Scenario) {
        let f = scenario.fare
        self.init(base: f.base, perKm: f.perKm, perMinute: f.perMinute, minimum: f.minimum, sharedDiscount: f.sharedDiscount)
    }
}

extension StrategySettings {
    /// The settings a strategy reads from the scenario's `matching` section, with the run's
    /// fare rule (``FareRule/init(scenario:)``): the one builder of strategy settings.
    public init(scenario: Scenario, fare: FareRule) {
        let m = scenario.matching
        let start = ISO8601DateFormatter.string(
            from: scenario.start, timeZone: TimeZone(secondsFromGMT: scenario.startUTCOffsetSeconds) ?? .gmt,
            formatOptions: [.withInternetDateTime])
        let external = ExternalPolicySettings(
            command: m.external.command, immediate: m.external.mode == .immediate, timeout: .fromSeconds(m.external.timeout),
            scenario: scenario.name, seed: scenario.seed, start: start, seats: scenario.supply.seats,
            maxPickupEta: m.maxPickupEta, listsAvailableVehicles: m.external.vehicles == .available,
            columns: m.external.encoding == .columns)
        self.init(batchWindow: .fromSeconds(m.batchWindow),
                  weights: (m.weights.eta, m.weights.deadhead, m.weights.fare, m.weights.idle), fare: fare,
                  external: external, reoptimize: m.pool.reoptimize)
    }
}

extension EngineConfig {
    /// The engine settings a scenario implies, for a city of `drivers` drivers (the
    /// scenario's `supply.drivers`, or the rows of its drivers file), quoting with `fare`
    /// (the run's ``FareRule/init(scenario:)``). The simulator and every replay of its
    /// streams (`ridematch engine`) build the engine from this alone (``RunAssembly``).
    public init(scenario: Scenario, drivers: Int, fare: FareRule) {
        let f = scenario.fare
        self.init(
            maxPickupEta: scenario.matching.maxPickupEta,
            staleness: .fromSeconds(scenario.streams.staleness),
            outOfOrderness: .fromSeconds(scenario.streams.outOfOrderness),
            allowedLateness: .fromSeconds(scenario.streams.allowedLateness),
            startUnixSeconds: scenario.start.timeIntervalSince1970, cellSize: scenario.city.cellSizeM,
            indexHalfExtent: scenario.city.indexHalfExtentMeters, drivers: drivers, fare: fare,
            idleTimeout: .fromSeconds(scenario.streams.idleTimeout))
        pool = PoolSettings(
            seats: scenario.supply.seats, maxWait: scenario.matching.pool.maxWait, maxDetour: scenario.matching.pool.maxDetour)
        surge = SurgeSettings(max: f.surge.max, interval: max(1, .fromSeconds(f.surge.interval)))
        repositioning = Self.repositioning(scenario.supply.repositioning)
    }
}
