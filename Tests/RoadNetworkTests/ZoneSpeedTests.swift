import Core
import Foundation
import Testing
import Traffic
@testable import RoadNetwork

/// `traffic.network_speeds: zones`: the traffic table's zones scale road-class speeds.
@Suite("Zone speed factors on a road network")
struct ZoneSpeedTests {
    static let center = GeoPoint(lat: 43.7384, lon: 7.4246)
    static let projection = LocalProjection(center: center)
    static let graph = SyntheticGrid.make(rows: 30, columns: 40, seed: 11)

    /// Four zones (west/east × south/north) whose speeds differ by zone and hour.
    static func traffic(uniform: Bool = false) throws -> TrafficModel {
        let offsets = [(-1500.0, -1000.0), (1500, -1000), (-1500, 1000), (1500, 1000)]
        let zones = offsets.enumerated().map { i, o in
            TrafficZone(id: i + 1, center: projection.unproject(PlanePoint(x: o.0, y: o.1)))
        }
        var speeds: [Double] = []
        for z in 0..<4 {
            for h in 0..<168 { speeds.append(uniform ? 25 : Double(12 + 6 * z + (h % 24 < 7 ? 10 : 0) + (h % 5))) }
        }
        return TrafficModel(table: try TrafficTable(zones: zones, speeds: speeds), projection: projection,
                            detourFactor: 1.3, cityRadiusMeters: 3000)
    }

    @Test("factors are the zone's speed over the network's length-weighted mean speed, at every hour")
    func factorsAverageToOne() throws {
        let traffic = try Self.traffic()
        let f = ZoneSpeedFactors(graph: Self.graph, traffic: traffic, projection: Self.projection)
        let total = Self.graph.lengthMeters.reduce(0, +)
        for h in [0, 8, 17, 100, 167] {
            let mean = (0..<Self.graph.edgeCount).reduce(0.0) { $0 + Self.graph.lengthMeters[$1] * f.factor(edge: $1, hourOfWeek: h) } / total
            #expect(abs(mean - 1) < 1e-9, "hour \(h): mean factor \(mean)")
            for z in 1..<4 {
                let ratio = f.factors[z * 168 + h] / f.factors[h]
                let expected = traffic.table.speedKmh(zoneIndex: z, hourOfWeek: h) / traffic.table.speedKmh(zoneIndex: 0, hourOfWeek: h)
                #expect(abs(ratio - expected) < 1e-12)
            }
        }
        // Every edge carries the zone of its midpoint.
        let points = Self.graph.coordinates.map(Self.projection.project)
        for e in stride(from: 0, to: Self.graph.edgeCount, by: 97) {
            let a = points[Self.graph.source(ofEdge: e)], b = points[Int(Self.graph.head[e])]
            #expect(Int(f.edgeZone[e]) == traffic.zoneIndexByScan(at: PlanePoint(x: (a.x + b.x) / 2, y: (a.y + b.y) / 2)))
        }
    }

    @Test("each edge's time is its length over min(maxspeed, class speed × zone factor), in ms")
    func edgeTimes() throws {
        let f = ZoneSpeedFactors(graph: Self.graph, traffic: try Self.traffic(), projection: Self.projection)
        let metrics = RoadMetrics(graph: Self.graph, zoneFactors: f)
        let g = Self.graph
        for h in [2, 8, 13, 17, 150] {
            let weights = metrics.time(hourOfWeek: h)
            for e in stride(from: 0, to: g.edgeCount, by: 13) {
                let kmh = min(g.maxspeedKmh[e], g.classSpeedsKmh[Int(g.roadClass[e]) * 168 + h] * f.factor(edge: e, hourOfWeek: h))
                #expect(weights.forward[e] == RoadMetrics.milliseconds(g.lengthMeters[e], kmh))
            }
            // The landmark group's weights are a lower bound of the hour's.
            let lower = metrics.landmarkWeights[metrics.landmarkGroup(hourOfWeek: h)]
            #expect(zip(lower.forward, weights.forward).allSatisfy { $0 <= $1 })
        }
        // Zone factors vary by hour here, so hours with equal class speeds get distinct
        // profiles but share landmark groups (one per class-speed profile).
        let plain = RoadMetrics(graph: g)
        #expect(metrics.timeProfiles.count > plain.timeProfiles.count)
        #expect(metrics.landmarkWeights.count == plain.timeProfiles.count)
    }

    @Test("ALT with group landmarks equals plain Dijkstra under zone factors (400 random pairs)")
    func altEqualsDijkstra() throws {
        let f = ZoneSpeedFactors(graph: Self.graph, traffic: try Self.traffic(), projection: Self.projection)
        let model = NetworkTravelModel(graph: Self.graph, projection: Self.projection, zoneFactors: f)
        var rng = SplitMix(5)
        var trees: [Int: [Int]] = [:]
        let hours = [1, 8, 17, 60]
        for i in 0..<400 {
            let s = Int(rng.next() % UInt64(Self.graph.nodeCount)), t = Int(rng.next() % UInt64(Self.graph.nodeCount))
            let h = hours[i % hours.count]
            let key = s * 1000 + model.metrics.profileOfHour[h]
            let reference = trees[key] ?? referenceDijkstra(Self.graph, model.metrics.time(hourOfWeek: h).forward, from: s)
            trees[key] = reference
            let route = model.route(from: s, to: t, metric: .time, hourOfWeek: h)
            #expect(Int((route.seconds * 1000).rounded()) == reference[t], "pair \(s)->\(t) at hour \(h)")
        }
    }

    @Test("a traffic table with equal zone speeds leaves every weight as without factors")
    func uniformTableChangesNothing() throws {
        let f = ZoneSpeedFactors(graph: Self.graph, traffic: try Self.traffic(uniform: true), projection: Self.projection)
        let with = RoadMetrics(graph: Self.graph, zoneFactors: f), without = RoadMetrics(graph: Self.graph)
        #expect(with.profileOfHour == without.profileOfHour)
        #expect(with.timeProfiles.map(\.forward) == without.timeProfiles.map(\.forward))
        #expect(with.landmarkWeights.map(\.forward) == without.landmarkWeights.map(\.forward))
    }
}
