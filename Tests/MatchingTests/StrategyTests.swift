import Foundation
import Core
import Streams
import Testing
import Traffic
@testable import Matching

/// An engine over the flat 36 km/h city (10 m/s, detour 1) with the given strategy.
private func engine(
    _ strategy: any MatchingStrategy, drivers: Int = 4, surge: SurgeSettings = .off
) throws -> JoinEngine {
    var config = EngineConfig(
        maxPickupEta: 600, staleness: 30_000, outOfOrderness: 2000, allowedLateness: 10_000,
        startUnixSeconds: 1_772_442_000, cellSize: 400, indexHalfExtent: 6000, drivers: drivers,
        fare: FareRule(base: 2.5, perKm: 1.1, perMinute: 0.35, minimum: 7))
    config.surge = surge
    return JoinEngine(config: config, strategy: strategy, traffic: try flatTraffic())
}

private let settings = StrategySettings(batchWindow: 5000, weights: (1, 0.2, 0.1, 0.05))

@Suite("Matching strategies")
struct StrategyTests {
    @Test("the registry lists every strategy once, each with a one-line summary")
    func registry() {
        #expect(StrategyRegistry.names == ["nearest", "fastest-eta", "batch", "weighted", "pool-insertion", "pool-batch", "external"])
        #expect(StrategyRegistry.inProcessNames == ["nearest", "fastest-eta", "batch", "weighted", "pool-insertion", "pool-batch"])
        for type in StrategyRegistry.all {
            #expect(!type.summary.isEmpty && !type.summary.contains("\n"))
            #expect(StrategyRegistry.make(type.name, settings: settings) != nil)
        }
        #expect(StrategyRegistry.make("batch", settings: settings)?.cadence == .batched(window: 5000))
        #expect(StrategyRegistry.make("fastest-eta", settings: settings)?.cadence == .immediate(retry: 1000))
    }

    /// Two riders on a line, two drivers: greedy nearest (oldest first) takes the driver
    /// between them for rider 0 and sends the far driver to rider 1 (400 + 1700 m);
    /// the optimal batch sends them crosswise (700 + 600 m).
    private let crossing: [Record] = [
        Feed.status(0, .available, at: 0), Feed.status(1, .available, at: 0),
        Feed.ping(0, x: 400, y: 0, at: 100), Feed.ping(1, x: -700, y: 0, at: 100),
        Feed.request(10, from: (0, 0), to: (0, 3000), at: 1000),
        Feed.request(11, from: (1000, 0), to: (0, 3000), at: 1000),
    ]

    @Test("nearest is greedy where batch is optimal")
    func batchBeatsGreedy() throws {
        var nearest = try engine(NearestStrategy(settings: settings))
        let greedy = feed(&nearest, crossing)
        #expect(greedy.map { [$0.request, $0.driver] } == [[10, 0], [11, 1]])
        #expect(greedy.map(\.quotedPickupEta) == [40, 170])

        var batch = try engine(BatchStrategy(settings: settings))
        #expect(feed(&batch, crossing).isEmpty)  // a batched strategy waits for its window
        #expect(batch.nextTimer == 5000)
        #expect(batch.drivers.entered == [0, 1])
        var out: [MatchDecision] = []
        batch.fireTimer(at: 5000, into: &out)
        #expect(batch.drivers.entered.isEmpty)  // the retry list is drained on every tick, batched or not
        let sorted = out.sorted { $0.request < $1.request }
        #expect(sorted.map { [$0.request, $0.driver] } == [[10, 1], [11, 0]])
        #expect(sorted.map(\.quotedPickupEta) == [70, 60])
        #expect(sorted.allSatisfy { $0.time == 5000 })
        #expect(batch.pending.isEmpty)
        #expect(batch.nextTimer == 10_000)
    }

    @Test("a batch with more riders than drivers carries the rest over to the next window")
    func carryOver() throws {
        var batch = try engine(BatchStrategy(settings: settings))
        _ = feed(&batch, [
            Feed.status(0, .available, at: 0), Feed.ping(0, x: 0, y: 0, at: 100),
            Feed.request(1, from: (3000, 0), to: (0, 0), at: 1000),
            Feed.request(2, from: (100, 0), to: (0, 3000), at: 1200),
        ])
        var out: [MatchDecision] = []
        batch.fireTimer(at: 5000, into: &out)
        #expect(out.map(\.request) == [2])          // the cheaper pickup wins the only driver
        #expect(batch.pending.map(\.key) == [1])    // rider 1 waits for the next batch
        _ = feed(&batch, [Feed.status(1, .available, at: 6000), Feed.ping(1, x: 2900, y: 0, at: 6000)])
        out.removeAll()
        batch.fireTimer(at: 10_000, into: &out)
        #expect(out.map { [$0.request, $0.driver] } == [[1, 1]])
        #expect(out.first?.quotedPickupEta == 10)
    }

    @Test("fastest-eta takes the smallest ETA; with one zone that is the nearest driver")
    func fastestEta() throws {
        var e = try engine(FastestEtaStrategy(settings: settings))
        let out = feed(&e, [
            Feed.status(0, .available, at: 0), Feed.status(1, .available, at: 0), Feed.status(2, .available, at: 0),
            Feed.ping(0, x: 900, y: 0, at: 100), Feed.ping(1, x: 0, y: -250, at: 100), Feed.ping(2, x: 0, y: 7000, at: 100),
            Feed.request(5, from: (0, 0), to: (0, 3000), at: 1000),
        ])
        #expect(out.map(\.driver) == [1])
        #expect(out.first?.quotedPickupEta == 25)
    }

    @Test("fastest-eta prefers a farther driver whose pickup crosses a faster zone")
    func fastestEtaAcrossZones() throws {
        // Zone A (west, 10 km/h) and zone B (east, 60 km/h), centres 4 km apart.
        let center = GeoPoint(lat: 40.758, lon: -73.985)
        let projection = LocalProjection(center: center)
        let west = projection.unproject(PlanePoint(x: -2000, y: 0)), east = projection.unproject(PlanePoint(x: 2000, y: 0))
        let table = try TrafficTable(
            zones: [TrafficZone(id: 1, center: west), TrafficZone(id: 2, center: east)],
            speeds: Array(repeating: 10, count: 168) + Array(repeating: 60, count: 168))
        let traffic = TrafficModel(table: table, projection: projection, detourFactor: 1, cityRadiusMeters: 5000)
        let config = EngineConfig(
            maxPickupEta: 600, staleness: 30_000, outOfOrderness: 2000, allowedLateness: 10_000,
            startUnixSeconds: 1_772_442_000, cellSize: 400, indexHalfExtent: 6000, drivers: 2,
            fare: FareRule(base: 2.5, perKm: 1.1, perMinute: 0.35, minimum: 7))
        let records = [
            Feed.status(0, .available, at: 0), Feed.status(1, .available, at: 0),
            Feed.ping(0, x: -600, y: 0, at: 100),   // 600 m, midpoint in the slow zone: 216 s
            Feed.ping(1, x: 1000, y: 0, at: 100),   // 1000 m, midpoint in the fast zone: 60 s
            Feed.request(5, from: (100, 0), to: (0, 3000), at: 1000),
        ]
        var fastest = JoinEngine(config: config, strategy: FastestEtaStrategy(settings: settings), traffic: traffic)
        #expect(feed(&fastest, records).map(\.driver) == [1])
        var nearest = JoinEngine(config: config, strategy: NearestStrategy(settings: settings), traffic: traffic)
        #expect(feed(&nearest, records).map(\.driver) == [0])
    }

    @Test("weighted prefers the driver idle longest when the idle weight dominates")
    func weightedIdle() throws {
        let idleFirst = StrategySettings(batchWindow: 5000, weights: (eta: 1, deadhead: 0, fare: 0, idle: 10))
        var e = try engine(WeightedStrategy(settings: idleFirst))
        _ = feed(&e, [
            Feed.status(0, .available, at: 3000), Feed.status(1, .available, at: 0),
            Feed.ping(0, x: 200, y: 0, at: 3000), Feed.ping(1, x: 400, y: 0, at: 3000),
            Feed.request(5, from: (0, 0), to: (0, 3000), at: 4000),
        ])
        var out: [MatchDecision] = []
        e.fireTimer(at: 5000, into: &out)
        // Costs: driver 0: 20 − 10·2 = 0; driver 1: 40 − 10·5 = −10. Driver 1 wins.
        #expect(out.map(\.driver) == [1])
        let w = WeightedStrategy(settings: settings)
        #expect(w.weights.idle == 0.05 && w.fare == settings.fare)
    }

    @Test("surge: open requests over idle drivers per zone, capped, applied to the quote")
    func surge() throws {
        var e = try engine(BatchStrategy(settings: settings), surge: SurgeSettings(max: 2.5, interval: 1000))
        _ = feed(&e, [
            Feed.status(0, .available, at: 0), Feed.ping(0, x: 0, y: 0, at: 4000),
            Feed.request(1, from: (100, 0), to: (0, 3000), at: 4000),
            Feed.request(2, from: (200, 0), to: (0, 3000), at: 4000),
            Feed.request(3, from: (300, 0), to: (0, 3000), at: 4000),
        ])
        var out: [MatchDecision] = []
        e.fireTimer(at: 5000, into: &out)
        #expect(e.surge.updates == 1 && e.surge.nextUpdate == 6000)
        #expect(e.surge.multipliers == [2.5])        // 3 open / 1 idle = 3, capped at 2.5
        let m = try #require(out.first)
        #expect(m.request == 1 && m.surge == 2.5)
        // Trip 3001.67 m, 300.17 s: 2.5 + 3.3018 + 1.7510 = 7.5528 → × 2.5.
        let plain = FareRule(base: 2.5, perKm: 1.1, perMinute: 0.35, minimum: 7)
            .fare(meters: m.quotedTripMeters, seconds: m.quotedTripSeconds)
        #expect(abs(m.quotedFare - plain * 2.5) < 1e-9)
        // The next recomputation sees 2 open requests and no idle driver: 2 / max(1, 0) = 2.
        out.removeAll()
        e.fireTimer(at: 10_000, into: &out)
        #expect(e.surge.multipliers == [2] && e.surge.updates == 2)
    }

    @Test("surge off: every quote has multiplier 1 and the map is never computed")
    func surgeOff() throws {
        var e = try engine(NearestStrategy(settings: settings))
        let out = feed(&e, crossing)
        var ignored: [MatchDecision] = []
        e.fireTimer(at: 1000, into: &ignored)
        #expect(out.allSatisfy { $0.surge == 1 } && e.surge.updates == 0)
    }
}

@Suite("Fastest-ETA search")
struct FastestEtaSearchTests {
    @Test("the pruned ring search finds the same driver as a full scan of the candidates")
    func prunedSearchEqualsFullScan() throws {
        // 12 zones with speeds from 8 to 40 km/h, so ETA order differs from distance order.
        let center = GeoPoint(lat: 40.758, lon: -73.985)
        let projection = LocalProjection(center: center)
        var zones: [TrafficZone] = [], speeds: [Double] = []
        for z in 0..<12 {
            let angle = Double(z) * .pi / 6
            zones.append(TrafficZone(id: z + 1, center: projection.unproject(PlanePoint(x: 2500 * cos(angle), y: 2500 * sin(angle)))))
            speeds += Array(repeating: 8 + Double(z * 37 % 12) * 32 / 11, count: 168)
        }
        let traffic = TrafficModel(table: try TrafficTable(zones: zones, speeds: speeds), projection: projection,
                                   detourFactor: 1.3, cityRadiusMeters: 5000)
        let config = EngineConfig(
            maxPickupEta: 600, staleness: 30_000, outOfOrderness: 2000, allowedLateness: 10_000,
            startUnixSeconds: 1_772_442_000, cellSize: 400, indexHalfExtent: 6000, drivers: 300,
            fare: FareRule(base: 2.5, perKm: 1.1, perMinute: 0.35, minimum: 7))
        var engine = JoinEngine(config: config, strategy: FastestEtaStrategy(settings: settings), traffic: traffic)
        var state: UInt64 = 99
        func unit() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) * 0x1.0p-53
        }
        var records: [Record] = []
        for d in 0..<300 {
            records.append(Feed.status(Int32(d), .available, at: 0))
            records.append(Feed.ping(Int32(d), x: unit() * 10_000 - 5000, y: unit() * 10_000 - 5000, at: 100))
        }
        _ = feed(&engine, records)
        var search = engine.search
        search.begin(at: 1000, hourOfWeek: 12)
        var found = 0
        for i in 0..<500 {
            let request = PendingRequest(
                key: Int32(i), request: RideRequest(origin: PlanePoint(x: unit() * 10_000 - 5000, y: unit() * 10_000 - 5000),
                                                    destination: .zero), eventTime: 1000, arrivalTime: 1000)
            let all = search.candidates(for: request)
            let expected = all.min { ($0.eta, $0.distance, $0.driver) < ($1.eta, $1.distance, $1.driver) }
            #expect(search.fastestByEta(to: request) == expected)
            if expected != nil { found += 1 }
        }
        #expect(found > 400)
    }
}
