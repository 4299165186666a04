import Core
import Foundation
import Testing
@testable import RoadNetwork

/// Plain Dijkstra written independently of the module's searches: the reference.
func referenceDijkstra(_ graph: RoutingGraph, _ weights: [Int32], from s: Int) -> [Int] {
    var dist = [Int](repeating: .max, count: graph.nodeCount)
    var done = [Bool](repeating: false, count: graph.nodeCount)
    var frontier: [(Int, Int)] = [(0, s)]
    dist[s] = 0
    while let (d, u) = frontier.popLast() {
        if done[u] || d != dist[u] { continue }
        done[u] = true
        for e in Int(graph.firstOut[u])..<Int(graph.firstOut[u + 1]) {
            let v = Int(graph.head[e]), nd = d + Int(weights[e])
            if nd < dist[v] {
                dist[v] = nd
                let at = frontier.partitioningIndex { $0.0 <= nd }
                frontier.insert((nd, v), at: at)   // kept sorted, largest first
            }
        }
    }
    return dist
}

extension Array {
    func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if belongs(self[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}

@Suite("Routing on synthetic networks")
struct RoutingTests {
    static let graph = SyntheticGrid.make(rows: 40, columns: 50, seed: 7)
    static let model = NetworkTravelModel(graph: graph, projection: LocalProjection(center: GeoPoint(lat: 43.7384, lon: 7.4246)))

    @Test("ALT equals plain Dijkstra on 1,000 random pairs (time at several hours, and distance)")
    func altEqualsDijkstra() {
        let graph = Self.graph, metrics = Self.model.metrics
        var rng = SplitMix(99)
        var router = Router(graph: graph)
        let hours = [3, 8, 13, 17, 100]
        var sources: [Int: [Int]] = [:]   // cache reference trees per (source, metric id)
        for i in 0..<1000 {
            let s = Int(rng.next() % UInt64(graph.nodeCount)), t = Int(rng.next() % UInt64(graph.nodeCount))
            let useDistance = i % 6 == 5
            let hour = hours[i % hours.count]
            let weights = useDistance ? metrics.distance : metrics.time(hourOfWeek: hour)
            let secondary = useDistance ? metrics.time(hourOfWeek: hour) : metrics.distance
            let set = Self.model.landmarksForTests(hourOfWeek: hour)
            // Time queries also run on the free-flow landmarks of another hour (valid, looser).
            let landmarks = useDistance ? set.distance : i % 2 == 0 ? set.time : Self.model.landmarksForTests(hourOfWeek: 3).time
            let key = s * 1000 + (useDistance ? 999 : metrics.profileOfHour[hour])
            let reference = sources[key] ?? referenceDijkstra(graph, weights.forward, from: s)
            sources[key] = reference
            let found = router.route(from: s, to: t, weights: weights, secondary: secondary, landmarks: landmarks)
            #expect(found?.cost == reference[t], "pair \(s)->\(t)")
            // The path is a real path from s to t whose weights sum to the cost.
            var at = s, cost = 0, second = 0
            for e in router.pathEdges {
                #expect(graph.source(ofEdge: Int(e)) == at)
                cost += Int(weights.forward[Int(e)])
                second += Int(secondary.forward[Int(e)])
                at = Int(graph.head[Int(e)])
            }
            #expect(at == t && cost == found?.cost && second == found?.secondary)
        }
    }

    @Test("ALT settles fewer nodes than Dijkstra (200 random pairs, off-peak hour)")
    func altPrunes() {
        var router = Router(graph: Self.graph)
        let metrics = Self.model.metrics
        var rng = SplitMix(3)
        var plain = 0, alt = 0
        for _ in 0..<200 {
            let s = Int(rng.next() % UInt64(Self.graph.nodeCount)), t = Int(rng.next() % UInt64(Self.graph.nodeCount))
            _ = router.route(from: s, to: t, weights: metrics.time(hourOfWeek: 2), secondary: metrics.distance, landmarks: nil)
            plain += router.settledCount
            _ = router.route(from: s, to: t, weights: metrics.time(hourOfWeek: 2), secondary: metrics.distance,
                             landmarks: Self.model.landmarksForTests(hourOfWeek: 2).time)
            alt += router.settledCount
        }
        #expect(alt * 3 < plain)
    }

    @Test("One-to-many equals single queries, and the bound is exact")
    func oneToMany() {
        let graph = Self.graph, metrics = Self.model.metrics
        var search = OneToMany(graph: graph)
        var rng = SplitMix(5)
        for _ in 0..<20 {
            let t = Int(rng.next() % UInt64(graph.nodeCount))
            let hour = Int(rng.next() % 168)
            let weights = metrics.time(hourOfWeek: hour)
            // Distances to t = distances from t on the reversed graph: check against forward Dijkstra from each source.
            let sources = (0..<30).map { _ in Int(rng.next() % UInt64(graph.nodeCount)) }
            let exact = sources.map { referenceDijkstra(graph, weights.forward, from: $0)[t] }
            let bound = exact.sorted()[15]   // half the sources within the bound, one exactly at it
            for (s, d) in zip(sources, exact) {
                let got = search.distance(from: s, to: t, profile: metrics.profileOfHour[hour], weights: weights,
                                          lengths: metrics.distance, bound: bound)
                #expect(got?.ms == (d <= bound ? d : nil), "source \(s) target \(t)")
            }
        }
    }

    @Test("Snapping finds the nearest node (brute force), inside and outside the network")
    func snapping() {
        let grid = Self.model.grid
        var rng = SplitMix(11)
        for _ in 0..<2000 {
            let p = PlanePoint(x: (rng.unit() - 0.5) * 9000, y: (rng.unit() - 0.5) * 7000)
            var best = 0
            for v in grid.points.indices where grid.points[v].distance(to: p) < grid.points[best].distance(to: p) { best = v }
            let found = grid.nearest(to: p)
            #expect(found.distance == grid.points[best].distance(to: p))
        }
    }
}

