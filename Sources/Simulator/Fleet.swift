import Core
import Foundation
import Scenario

/// A run's drivers before the first event: each one's plan (start, shift) and the phase of
/// its first ping; read from `supply.drivers_file` or sampled.
public struct Fleet: Sendable {
    /// One plan per driver, by id.
    public var plans: [DriverPlan]
    /// The drivers file's report (rejected rows), nil when the fleet was sampled.
    public var report: InputFileReport?
    /// Each driver's first ping, ms after its shift start (0 ..< `supply.ping_interval`), by id.
    public var pingPhases: [Millis]

    /// Whether the drivers came from a file (drivers.csv then has their `source_id`).
    public var fromFile: Bool { report != nil }

    /// A fleet from parts (tests, tools).
    public init(plans: [DriverPlan], report: InputFileReport? = nil, pingPhases: [Millis]) {
        precondition(plans.count == pingPhases.count, "one ping phase per driver")
        self.plans = plans
        self.report = report
        self.pingPhases = pingPhases
    }

    /// The scenario's fleet: the drivers of `supply.drivers_file`, else `supply.drivers`
    /// drivers sampled uniformly over `supply.start_area` (default: the city disc) on the
    /// run's `plane`, on shift all run. Start positions and ping phases come from the
    /// `supply` stream, in that order. Throws an ``InputError`` for a bad drivers file.
    public init(scenario: Scenario, plane: LocalProjection, display: (URL) -> String) throws {
        var supply = RandomSource(seed: scenario.seed, stream: .supply)
        if let url = scenario.supply.driversFile {
            let file = try DriversFile.read(url: url, file: display(url), scenario: scenario)
            plans = file.drivers
            report = file.report
        } else {
            plans = Self.sampledStarts(scenario, plane: plane, rng: &supply)
                .map { DriverPlan(sourceID: "", start: $0, shiftStart: 0, shiftEnd: .farFuture) }
        }
        // Ping phases are drawn i.i.d. and handed out in ascending order of driver id: the
        // same distribution, but a round of pings then walks the driver tables in memory
        // order, which keeps a 10,000-driver city's per-ping state in cache.
        let interval = Self.pingInterval(scenario)
        pingPhases = plans.map { _ in Millis((supply.uniform() * Double(interval)).rounded(.down)) }.sorted()
    }

    /// Time between two pings of a driver, ms (at least 1).
    public static func pingInterval(_ scenario: Scenario) -> Millis {
        max(1, .fromSeconds(scenario.supply.pingInterval))
    }

    /// Sampled start positions: uniform over the start area, or the city disc without one.
    static func sampledStarts(_ scenario: Scenario, plane: LocalProjection, rng: inout RandomSource) -> [PlanePoint] {
        guard let area = scenario.supply.startArea else {
            return sampleDriverStarts(count: scenario.supply.drivers, radiusMeters: scenario.city.radiusKm * 1000, rng: &rng)
        }
        let center = plane.project(area.center)
        return sampleDriverStarts(count: scenario.supply.drivers, radiusMeters: area.radiusKm * 1000, rng: &rng)
            .map { PlanePoint(x: $0.x + center.x, y: $0.y + center.y) }
    }
}
