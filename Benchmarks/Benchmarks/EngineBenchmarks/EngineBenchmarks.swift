// Join engine throughput: a synthetic minute of a 10,000-driver city (pings every 4 s,
// 10 requests per second) fed record by record, for each registered strategy.
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
    mutating func point() -> PlanePoint { PlanePoint(x: unit() * 10_000 - 5_000, y: unit() * 10_000 - 5_000) }
}

let drivers = 10_000
let seconds = 60
let requestsPerSecond = 10

/// All drivers come online at 0; then each second a quarter of them ping (every driver
/// every 4 s) and 10 riders request, in event-time order (no delivery delay).
func syntheticRecords() -> [Record] {
    var noise = Noise(state: 2026)
    var records: [Record] = []
    records.reserveCapacity(drivers * (1 + seconds / 4) + seconds * requestsPerSecond)
    for d in 0..<drivers {
        records.append(Record(key: Int32(d), eventTime: 0, arrivalTime: 0, payload: .location(noise.point())))
        records.append(Record(key: Int32(d), eventTime: 0, arrivalTime: 0, payload: .status(.available)))
    }
    var rider: Int32 = 0
    for s in 1...seconds {
        let base = Millis(s) * 1000
        let quarter = drivers / 4
        for k in 0..<quarter {
            let d = (s % 4) * quarter + k
            let t = base + Millis(k * 1000 / quarter)
            records.append(Record(key: Int32(d), eventTime: t, arrivalTime: t, payload: .location(noise.point())))
            if k % (quarter / requestsPerSecond) == 0 {
                records.append(Record(key: rider, eventTime: t, arrivalTime: t, payload: .request(
                    RideRequest(origin: noise.point(), destination: noise.point()))))
                rider += 1
            }
        }
    }
    return records
}

func engine(_ strategy: String) throws -> JoinEngine {
    let center = GeoPoint(lat: 40.758, lon: -73.985)
    let table = try TrafficTable(zones: [TrafficZone(id: 1, center: center)], speeds: Array(repeating: 30, count: 168))
    let traffic = TrafficModel(
        table: table, projection: LocalProjection(center: center), detourFactor: 1.3, cityRadiusMeters: 5000)
    let fare = FareRule(base: 2.5, perKm: 1.1, perMinute: 0.35, minimum: 7)
    let config = EngineConfig(
        maxPickupEta: 600, staleness: 30_000, outOfOrderness: 2000, allowedLateness: 10_000,
        startUnixSeconds: 1_772_442_000, cellSize: 400, indexHalfExtent: 6000, drivers: drivers, fare: fare)
    let settings = StrategySettings(batchWindow: 5000, weights: (1, 0.2, 0.1, 0.05), fare: fare)
    return JoinEngine(config: config, strategy: StrategyRegistry.make(strategy, settings: settings)!, traffic: traffic)
}

/// Decisions made in the run, and the p99 of the engine's own decision-latency histogram.
let decisions = BenchmarkMetric.custom("decisions", useScalingFactor: false)
let decisionP99 = BenchmarkMetric.custom("decision p99 (ns)", useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    let records = syntheticRecords()
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .instructions, .mallocCountTotal, .peakMemoryResident, decisions, decisionP99],
        maxDuration: .seconds(10), maxIterations: 20)
    for name in StrategyRegistry.inProcessNames {
        Benchmark("Engine \(name): \(records.count) records, \(drivers) drivers") { benchmark in
            var out: [MatchDecision] = []
            out.reserveCapacity(seconds * requestsPerSecond)
            var e = try! engine(name)
            benchmark.startMeasurement()
            for record in records {
                while e.nextTimer <= record.arrivalTime { e.fireTimer(at: e.nextTimer, into: &out) }
                e.process(record, into: &out)
            }
            benchmark.stopMeasurement()
            precondition(!out.isEmpty, "no decision: the synthetic feed is broken")
            blackHole(out.count)
            // Decision latency of this run (the engine's own histogram), as extra metrics.
            benchmark.measurement(decisions, out.count)
            benchmark.measurement(decisionP99, Int(e.decisionLatency.valueAtPercentile(99)))
        }
    }
}
