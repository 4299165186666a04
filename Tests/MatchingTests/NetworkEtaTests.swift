import Core
import RoadNetwork
import Streams
import Testing
import Traffic
@testable import Matching

/// The engine on a road network: quoted pickup ETAs are network times, candidates are the
/// drivers whose network ETA is within the bound, and every strategy's choice is exact.
@Suite("Engine ETAs on a road network")
struct NetworkEtaTests {
    static let center = GeoPoint(lat: 40.758, lon: -73.985)
    static let graph = SyntheticGrid.make(rows: 30, columns: 30, spacing: 120, center: center, seed: 9)
    static let model = NetworkTravelModel(graph: graph, projection: LocalProjection(center: center))
    /// 2026-03-02 08:00 UTC: a Monday, hour of week 8 (a rush hour of the synthetic profile).
    static let start = 1_772_438_400.0

    static func engine(strategy: any MatchingStrategy, drivers: Int, maxPickupEta: Double) throws -> JoinEngine {
        let config = EngineConfig(
            maxPickupEta: maxPickupEta, staleness: 30_000, outOfOrderness: 2000, allowedLateness: 10_000,
            startUnixSeconds: start, cellSize: 200, indexHalfExtent: 3000, drivers: drivers,
            fare: FareRule(base: 2.5, perKm: 1.1, perMinute: 0.35, minimum: 7))
        return JoinEngine(config: config, strategy: strategy, traffic: try flatTraffic(), travel: model)
    }

    /// Network time in seconds from node `a` to node `b` at hour 8, by plain Dijkstra.
    static func dijkstraSeconds(_ a: Int, _ b: Int) -> Double {
        var router = Router(graph: graph)
        let m = model.metrics
        return Double(router.route(from: a, to: b, weights: m.time(hourOfWeek: 8), secondary: m.distance, landmarks: nil)!.cost) / 1000
    }

    @Test("quoted pickup ETAs and trip times are network times (drivers and riders on nodes)", arguments: StrategyRegistry.inProcessNames)
    func quotesAreNetworkTimes(strategy name: String) throws {
        let settings = StrategySettings(batchWindow: 2000, weights: (1, 0.2, 0.1, 0.05))
        var engine = try Self.engine(strategy: StrategyRegistry.make(name, settings: settings)!, drivers: 8, maxPickupEta: 600)
        let points = Self.model.grid.points
        let driverNodes = [17, 140, 333, 401, 512, 650, 777, 880]
        var records: [Record] = []
        for (d, node) in driverNodes.enumerated() {
            records.append(Feed.status(Int32(d), .available, at: 0))
            records.append(Record(key: Int32(d), eventTime: 100, arrivalTime: 100, payload: .location(points[node])))
        }
        let riderNodes = [(450, 30), (600, 899), (20, 420)]
        for (i, (o, dst)) in riderNodes.enumerated() {
            records.append(Record(key: Int32(i), eventTime: 1000, arrivalTime: 1000, payload: .request(
                RideRequest(origin: points[o], destination: points[dst]))))
        }
        var out = feed(&engine, records)
        engine.fireTimer(at: 2000, into: &out)
        #expect(out.count == 3)
        for m in out {
            let (o, dst) = riderNodes[Int(m.request)]
            // A pooled quote is the predicted pickup arrival minus the decision time (rounding).
            let eta = Self.dijkstraSeconds(driverNodes[Int(m.driver)], o)
            #expect(m.pooled == nil ? m.quotedPickupEta == eta : abs(m.quotedPickupEta - eta) < 1e-9)
            #expect(m.quotedTripSeconds == Self.dijkstraSeconds(o, dst))
        }
        // fastest-eta picks the driver with the smallest network ETA (exact, over all drivers).
        if name == FastestEtaStrategy.name, let first = out.first(where: { $0.request == 0 }) {
            let best = driverNodes.map { Self.dijkstraSeconds($0, riderNodes[0].0) }.min()!
            #expect(first.quotedPickupEta == best)
        }
    }

    @Test("a driver exactly at the bound is a candidate; one millisecond over is not")
    func boundIsExact() throws {
        let points = Self.model.grid.points
        let eta = Self.dijkstraSeconds(5, 777)
        for (bound, matched) in [(eta, true), (eta - 0.001, false)] {
            var engine = try Self.engine(strategy: NearestStrategy(settings: StrategySettings(batchWindow: 1000, weights: (1, 0, 0, 0))),
                                         drivers: 1, maxPickupEta: bound)
            let out = feed(&engine, [
                Feed.status(0, .available, at: 0),
                Record(key: 0, eventTime: 100, arrivalTime: 100, payload: .location(points[5])),
                Record(key: 1, eventTime: 1000, arrivalTime: 1000, payload: .request(RideRequest(origin: points[777], destination: points[0]))),
            ])
            #expect(out.count == (matched ? 1 : 0))
        }
    }
}
