// Spatial index: nearest and k-nearest driver queries on the engine's uniform grid.
import Benchmark
import Core
import Matching
import RoadNetwork

/// The suite's random draws: SplitMix64 (RoadNetwork's `SplitMix`, `unit()` uniform in [0, 1)).
private typealias Points = SplitMix

private extension SplitMix {
    init(state: UInt64) { self.init(state) }
    /// A point in the 10 km square of a quickstart-sized city.
    mutating func point() -> PlanePoint { PlanePoint(x: unit() * 10_000 - 5_000, y: unit() * 10_000 - 5_000) }
}

/// The `k` nearest ids to `p` (sorted by distance, ties by id) through the ring search:
/// stops once every unvisited cell is farther than the k-th best.
func kNearest(_ index: GridIndex, _ p: PlanePoint, k: Int, into best: inout [(id: Int32, d: Double)]) {
    best.removeAll(keepingCapacity: true)
    index.forEach(within: .infinity, of: p, { id, d in
        if best.count == k, let worst = best.last, d > worst.d || (d == worst.d && id > worst.id) { return }
        var at = best.count
        while at > 0, best[at - 1].d > d || (best[at - 1].d == d && best[at - 1].id > id) { at -= 1 }
        best.insert((id, d), at: at)
        if best.count > k { best.removeLast() }
    }, stopAfterRing: { bound in best.count == k && best[k - 1].d <= bound })
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .instructions, .mallocCountTotal, .throughput],
        scalingFactor: .kilo, maxDuration: .seconds(3), maxIterations: 1000)

    for drivers in [1_000, 10_000, 100_000] {
        // Same 400 m cells as the shipped scenarios, over a ±6 km square.
        func build() -> GridIndex {
            var index = GridIndex(halfExtent: 6_000, cellSize: 400, capacity: drivers)
            var points = Points(state: UInt64(drivers))
            for id in 0..<drivers { index.upsert(Int32(id), at: points.point()) }
            return index
        }
        Benchmark("GridIndex nearest, \(drivers) drivers") { benchmark in
            let index = build()
            var queries = Points(state: 99)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(index.nearest(to: queries.point(), maxDistance: 3_000) { _, _ in true })
            }
        }
        Benchmark("GridIndex 8-nearest, \(drivers) drivers") { benchmark in
            let index = build()
            var queries = Points(state: 99)
            var best: [(id: Int32, d: Double)] = []
            best.reserveCapacity(9)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                kNearest(index, queries.point(), k: 8, into: &best)
                blackHole(best.count)
            }
        }
        Benchmark("GridIndex move (upsert), \(drivers) drivers") { benchmark in
            var index = build()
            var moves = Points(state: 5)
            benchmark.startMeasurement()
            for i in benchmark.scaledIterations {
                index.upsert(Int32(i % drivers), at: moves.point())
            }
            blackHole(index.count)
        }
    }
}
