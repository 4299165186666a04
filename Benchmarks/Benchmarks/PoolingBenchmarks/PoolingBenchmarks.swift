// One pool-batch window at scale: 1,000 waiting riders and 2,000 four-seat vehicles, about
// half of them already carrying riders from the previous window (the steady state of a
// pooled fleet), in a 10 km city with three demand hotspots at 25 km/h.
import Benchmark
import Core
import Matching
import RoadNetwork
import Streams
import Traffic

/// The suite's random draws: SplitMix64 (RoadNetwork's `SplitMix`, `unit()` uniform in [0, 1)).
private typealias Noise = SplitMix

private extension SplitMix {
    init(state: UInt64) { self.init(state) }
    /// Uniform in the 10 km square around the centre.
    mutating func uniform() -> PlanePoint { PlanePoint(x: unit() * 10_000 - 5_000, y: unit() * 10_000 - 5_000) }
    /// Two thirds of points near one of three hotspots (about 1 km spread), the rest uniform.
    mutating func demand() -> PlanePoint {
        let hotspots = [PlanePoint(x: -1_500, y: 1_000), PlanePoint(x: 1_800, y: -500), PlanePoint(x: 0, y: -2_500)]
        let k = Int(unit() * 3)
        guard unit() < 2.0 / 3 else { return uniform() }
        return PlanePoint(x: hotspots[k].x + (unit() + unit() + unit() - 1.5) * 1_400,
                          y: hotspots[k].y + (unit() + unit() + unit() - 1.5) * 1_400)
    }
}

let vehicles = 2_000
let ridersPerWindow = 1_000
let window: Millis = 30_000

/// Vehicles come online at 0; 1,000 riders request during the first window (its pass loads
/// the fleet) and 1,000 more during the second; every vehicle pings again before the second
/// pass. Returns the engine just before the second pass.
func preparedEngine() throws -> JoinEngine {
    var noise = Noise(state: 15)
    let center = GeoPoint(lat: 40.758, lon: -73.985)
    let table = try TrafficTable(zones: [TrafficZone(id: 1, center: center)], speeds: Array(repeating: 25, count: 168))
    let traffic = TrafficModel(
        table: table, projection: LocalProjection(center: center), detourFactor: 1.3, cityRadiusMeters: 6_000)
    let fare = FareRule(base: 2.5, perKm: 1.1, perMinute: 0.35, minimum: 7)
    var config = EngineConfig(
        maxPickupEta: 600, staleness: 60_000, outOfOrderness: 2000, allowedLateness: 10_000,
        startUnixSeconds: 1_772_442_000, cellSize: 400, indexHalfExtent: 6000, drivers: vehicles, fare: fare)
    config.pool = PoolSettings(seats: 4, maxWait: 300, maxDetour: 300)
    let strategy = PoolBatchStrategy(settings: StrategySettings(batchWindow: window, weights: (1, 0, 0, 0), fare: fare, reoptimize: false))
    var engine = JoinEngine(config: config, strategy: strategy, traffic: traffic)
    var records: [Record] = []
    var positions: [PlanePoint] = []
    for d in 0..<vehicles {
        let p = d % 2 == 0 ? noise.uniform() : noise.demand()
        positions.append(p)
        records.append(Record(key: Int32(d), eventTime: 0, arrivalTime: 0, payload: .status(.available)))
        records.append(Record(key: Int32(d), eventTime: 0, arrivalTime: 0, payload: .location(p)))
    }
    var rider: Int32 = 0
    for pass in 0..<2 {
        let base = Millis(pass) * window
        for k in 0..<ridersPerWindow {
            let t = base + 1 + Millis(k) * (window - 2) / Millis(ridersPerWindow)
            records.append(Record(key: rider, eventTime: t, arrivalTime: t, payload: .request(RideRequest(
                origin: noise.demand(), destination: noise.demand(), shares: noise.unit() < 0.8))))
            rider += 1
        }
        if pass == 0 {
            for d in 0..<vehicles {
                let t = window + 100 + Millis(d) % 1000
                records.append(Record(key: Int32(d), eventTime: t, arrivalTime: t, payload: .location(positions[d])))
            }
        }
    }
    records.sort { ($0.arrivalTime, $0.key) < ($1.arrivalTime, $1.key) }
    var out: [MatchDecision] = []
    for record in records {
        while engine.nextTimer <= record.arrivalTime { engine.fireTimer(at: engine.nextTimer, into: &out) }
        engine.process(record, into: &out)
    }
    precondition(engine.nextTimer == 2 * window, "the second pass is due at the end of the second window")
    return engine
}

let pending = BenchmarkMetric.custom("waiting riders", useScalingFactor: false)
let busy = BenchmarkMetric.custom("vehicles with riders", useScalingFactor: false)
let matched = BenchmarkMetric.custom("riders matched", useScalingFactor: false)
let trips = BenchmarkMetric.custom("candidate trips", useScalingFactor: false)
let limitHits = BenchmarkMetric.custom("solver limit hits", useScalingFactor: false)
let graphMs = BenchmarkMetric.custom("graph build (ms)", useScalingFactor: false)
let solverMs = BenchmarkMetric.custom("assignment solve (ms)", useScalingFactor: false)
let groupTrips = BenchmarkMetric.custom("trips of 2+ riders", useScalingFactor: false)
let pooledRiders = BenchmarkMetric.custom("riders matched into a shared plan", useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, pending, busy, matched, trips, groupTrips,
                  pooledRiders, limitHits, graphMs, solverMs],
        maxDuration: .seconds(20), maxIterations: 10)
    let prepared = try! preparedEngine()
    Benchmark("pool-batch window: \(prepared.pending.count) waiting riders, \(vehicles) vehicles, 4 seats") { benchmark in
        var engine = prepared
        var out: [MatchDecision] = []
        out.reserveCapacity(ridersPerWindow * 2)
        let strategy = engine.strategy as! PoolBatchStrategy
        let before = strategy.counters
        benchmark.startMeasurement()
        engine.fireTimer(at: 2 * window, into: &out)
        benchmark.stopMeasurement()
        let after = strategy.counters
        benchmark.measurement(pending, prepared.pending.count)
        benchmark.measurement(busy, (0..<vehicles).filter { !prepared.pool.plan(of: Int32($0)).isEmpty }.count)
        benchmark.measurement(matched, out.count)
        benchmark.measurement(trips, after.graph.requestVehicleEdges + after.graph.groupTrips
                              - before.graph.requestVehicleEdges - before.graph.groupTrips)
        benchmark.measurement(limitHits, after.solver.limitHits - before.solver.limitHits)
        benchmark.measurement(groupTrips, after.graph.groupTrips - before.graph.groupTrips)
        benchmark.measurement(pooledRiders, out.filter { d in d.pooled?.stops.contains { $0.request != d.request } == true }.count)
        benchmark.measurement(graphMs, Int((after.graphNanos - before.graphNanos) / 1_000_000))
        benchmark.measurement(solverMs, Int((after.solverNanos - before.solverNanos) / 1_000_000))
    }
}
