import Core
import Matching
import Streams
import Traffic

/// A one-zone city where every hour drives at `kmh`: ETAs are distance × detour / speed.
func flatTraffic(kmh: Double = 36, detour: Double = 1.0) throws -> TrafficModel {
    let center = GeoPoint(lat: 40.758, lon: -73.985)
    let table = try TrafficTable(zones: [TrafficZone(id: 1, center: center)], speeds: Array(repeating: kmh, count: 168))
    return TrafficModel(table: table, projection: LocalProjection(center: center), detourFactor: detour, cityRadiusMeters: 5000)
}

/// An engine with `drivers` driver slots over a flat 36 km/h city.
func makeEngine(
    drivers: Int = 4, maxPickupEta: Double = 600, staleness: Millis = 30_000,
    outOfOrderness: Millis = 2000, allowedLateness: Millis = 10_000, idleTimeout: Millis = .farFuture
) throws -> JoinEngine {
    let config = EngineConfig(
        maxPickupEta: maxPickupEta, staleness: staleness, outOfOrderness: outOfOrderness,
        allowedLateness: allowedLateness, startUnixSeconds: 1_772_442_000, cellSize: 400,
        indexHalfExtent: 6000, drivers: drivers, fare: FareRule(base: 2.5, perKm: 1.1, perMinute: 0.35, minimum: 7),
        idleTimeout: idleTimeout)
    return JoinEngine(config: config, strategy: NearestStrategy(settings: StrategySettings(
        batchWindow: 5000, weights: (1, 0.2, 0.1, 0.05))), traffic: try flatTraffic())
}

/// Builds records the way a test driver feeds a topology: key, event time, arrival time.
enum Feed {
    static func status(_ driver: Int32, _ s: DriverStatus, at t: Millis, arrives a: Millis? = nil) -> Record {
        Record(key: driver, eventTime: t, arrivalTime: a ?? t, payload: .status(s))
    }
    static func ping(_ driver: Int32, x: Double, y: Double, at t: Millis, arrives a: Millis? = nil) -> Record {
        Record(key: driver, eventTime: t, arrivalTime: a ?? t, payload: .location(PlanePoint(x: x, y: y)))
    }
    static func request(_ rider: Int32, from: (Double, Double), to: (Double, Double), at t: Millis, arrives a: Millis? = nil) -> Record {
        Record(key: rider, eventTime: t, arrivalTime: a ?? t, payload: .request(RideRequest(
            origin: PlanePoint(x: from.0, y: from.1), destination: PlanePoint(x: to.0, y: to.1))))
    }
    static func cancel(_ rider: Int32, at t: Millis, arrives a: Millis? = nil) -> Record {
        Record(key: rider, eventTime: t, arrivalTime: a ?? t, payload: .cancel)
    }
}

/// Feeds records in order and returns every decision.
func feed(_ engine: inout JoinEngine, _ records: [Record]) -> [MatchDecision] {
    var out: [MatchDecision] = []
    for r in records { engine.process(r, into: &out) }
    return out
}
