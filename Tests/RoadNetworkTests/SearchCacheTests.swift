import Core
import Foundation
import Testing
import Traffic
@testable import RoadNetwork

/// The shortcuts of the network model (route cache, landmark pruning of pickup ETAs, snap
/// cache, tighter snapping bound) give exactly the answers of the searches they save.
@Suite("Network model shortcuts are exact")
struct SearchCacheTests {
    static let graph = SyntheticGrid.make(rows: 30, columns: 40, seed: 17)
    static let projection = LocalProjection(center: GeoPoint(lat: 43.7384, lon: 7.4246))

    @Test("Cached routes equal fresh ALT routes, path and costs (trip, drive, route; 600 pairs)")
    func routeCache() {
        let model = NetworkTravelModel(graph: Self.graph, projection: Self.projection)
        let other = model.privateCopy() as! NetworkTravelModel   // shares the cache
        var router = Router(graph: Self.graph)
        var rng = SplitMix(23)
        var path = LegPath()
        for i in 0..<600 {
            let s = Int(rng.next() % UInt64(Self.graph.nodeCount)), t = Int(rng.next() % UInt64(Self.graph.nodeCount))
            let hour = [2, 8, 17, 60][i % 4]
            let metrics = model.metrics
            let fresh = router.route(from: s, to: t, weights: metrics.time(hourOfWeek: hour), secondary: metrics.distance,
                                     landmarks: model.landmarksForTests(hourOfWeek: hour).time)
            let nodes = [Int32(s)] + router.pathEdges.map { Self.graph.head[Int($0)] }
            for copy in [model, other, model] {   // a miss, then hits
                let r = copy.route(from: s, to: t, metric: .time, hourOfWeek: hour)
                #expect(r.nodes == nodes && r.seconds == Double(fresh?.cost ?? 0) / 1000 && r.meters == Double(fresh?.secondary ?? 0) / 1000)
            }
            let a = model.grid.points[s], b = model.grid.points[t]
            let trip = other.trip(from: a, to: b, hourOfWeek: hour)
            #expect(trip.seconds == Double(fresh?.cost ?? 0) / 1000 && trip.meters == Double(fresh?.secondary ?? 0) / 1000)
            _ = model.drive(from: a, to: b, hourOfWeek: hour, path: &path)
            #expect(path.points.count == router.pathEdges.count + 3)
        }
    }

    @Test("Pickup ETAs with landmark pruning equal a bare bounded search (40 pickups × 30 drivers)")
    func prunedPickups() {
        let model = NetworkTravelModel(graph: Self.graph, projection: Self.projection)
        let metrics = model.metrics
        var bare = OneToMany(graph: Self.graph)
        var rng = SplitMix(29)
        let points = model.grid.points
        for i in 0..<40 {
            let pickup = points[Int(rng.next() % UInt64(points.count))]
            let hour = (i * 7) % 168
            let bound = [60.0, 180, 400][i % 3]
            for _ in 0..<30 {
                let p = points[Int(rng.next() % UInt64(points.count))]
                let driver = PlanePoint(x: p.x + Double(rng.next() % 16) - 8, y: p.y + Double(rng.next() % 16) - 8)
                let got = model.pickupEstimate(from: driver, to: pickup, hourOfWeek: hour, bound: bound)
                let s = model.grid.nearest(to: driver), t = model.grid.nearest(to: pickup)
                let profile = metrics.profileOfHour[hour]
                let remaining = bound - t.distance / NetworkTravelModel.accessSpeed
                let found = remaining < 0 ? nil : bare.distance(
                    from: s.node, to: t.node, profile: profile, weights: metrics.timeProfiles[profile], lengths: metrics.distance,
                    bound: Int((remaining * 1000).rounded(.down)))
                if let found {
                    let seconds = t.distance / NetworkTravelModel.accessSpeed + s.distance / NetworkTravelModel.accessSpeed
                        + Double(found.ms) / 1000
                    #expect(got.seconds == seconds && got.roadMeters == s.distance + t.distance + Double(found.mm) / 1000)
                } else {
                    #expect(got.seconds == .infinity)
                }
            }
        }
    }

    @Test("Snapping: the nearest node with ties to the lower id (brute force), clustered nodes, points on nodes")
    func snappingTies() {
        var rng = SplitMix(31)
        // Clustered nodes with duplicates (ties), on a coarse lattice so equal distances happen.
        var nodes: [PlanePoint] = []
        for _ in 0..<3000 {
            let cluster = Double(rng.next() % 5) * 700
            nodes.append(PlanePoint(x: cluster + Double(rng.next() % 60) * 5, y: Double(rng.next() % 300) * 5))
        }
        let grid = NodeGrid(points: nodes)
        var cache = SnapCache()
        for i in 0..<4000 {
            let p = i % 4 == 0 ? nodes[Int(rng.next() % 3000)]
                : PlanePoint(x: Double(rng.next() % 700) * 5 - 300, y: Double(rng.next() % 360) * 5 - 150)
            var best = 0
            for v in nodes.indices {
                let d = nodes[v].distance(to: p), b = nodes[best].distance(to: p)
                if d < b { best = v }
            }
            let found = grid.nearest(to: p)
            #expect(found.node == best && found.distance == nodes[best].distance(to: p), "point \(p)")
            let again = cache.nearest(to: p, in: grid), twice = cache.nearest(to: p, in: grid)
            #expect(again.node == best && twice.node == best && twice.distance == found.distance)
        }
    }
}
