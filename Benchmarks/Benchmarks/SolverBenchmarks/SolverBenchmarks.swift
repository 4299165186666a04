// The optimal assignment solver of the batch strategies on dense square problems.
import Benchmark
import Matching
import RoadNetwork

/// The suite's random draws: SplitMix64 (RoadNetwork's `SplitMix`, `unit()` uniform in [0, 1)).
private typealias Noise = SplitMix

private extension SplitMix {
    init(state: UInt64) { self.init(state) }
}

/// `uniform`: integer costs 0–999, independent. `geometric`: pickup ETA in seconds at 8 m/s
/// between random riders and drivers in a 10 km square (the batch strategy's cost shape).
func costs(n: Int, geometric: Bool) -> [Double] {
    var noise = Noise(state: UInt64(n) &* 31 &+ (geometric ? 1 : 0))
    if !geometric { return (0..<(n * n)).map { _ in (noise.unit() * 1000).rounded(.down) } }
    let riders = (0..<n).map { _ in (noise.unit() * 10_000, noise.unit() * 10_000) }
    let drivers = (0..<n).map { _ in (noise.unit() * 10_000, noise.unit() * 10_000) }
    var c = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
        for j in 0..<n {
            let dx = riders[i].0 - drivers[j].0, dy = riders[i].1 - drivers[j].1
            c[i * n + j] = (dx * dx + dy * dy).squareRoot() / 8
        }
    }
    return c
}

/// A batch as the strategies see it: `riders` and `drivers` uniform in a 10 km square, an
/// edge (pickup ETA at 8 m/s) for each driver within `radius` metres of a rider.
func candidateLists(riders: Int, drivers: Int, radius: Double) -> (rowStart: [Int32], columns: [Int32], costs: [Double]) {
    var noise = Noise(state: UInt64(riders) &* 7 &+ UInt64(drivers) &+ UInt64(radius))
    let r = (0..<riders).map { _ in (noise.unit() * 10_000, noise.unit() * 10_000) }
    let d = (0..<drivers).map { _ in (noise.unit() * 10_000, noise.unit() * 10_000) }
    var rowStart: [Int32] = [0], columns: [Int32] = [], costs: [Double] = []
    for i in 0..<riders {
        for j in 0..<drivers {
            let dx = r[i].0 - d[j].0, dy = r[i].1 - d[j].1
            let distance = (dx * dx + dy * dy).squareRoot()
            if distance <= radius {
                columns.append(Int32(j))
                costs.append(distance / 8)
            }
        }
        rowStart.append(Int32(columns.count))
    }
    return (rowStart, columns, costs)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .instructions, .mallocCountTotal],
        maxDuration: .seconds(5), maxIterations: 200)
    for geometric in [false, true] {
        for n in [100, 500, 1_000, 2_000] {
            Benchmark("Solver \(geometric ? "geometric" : "uniform") \(n)x\(n)") { benchmark in
                let matrix = costs(n: n, geometric: geometric)
                var solver = AssignmentSolver()
                _ = solver.solve(rows: n, cols: n, costs: matrix)  // buffers sized once, as in a run
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    blackHole(solver.solve(rows: n, cols: n, costs: matrix))
                }
            }
        }
    }
    // Candidate lists of 1,000 riders against 10,000 drivers (100 per km²): 1 km ≈ 290
    // candidates per rider, 1.5 km ≈ 620, 2.5 km ≈ 1,560 (a 10 min max_pickup_eta at rush-hour
    // speeds reaches about 2.5 km); and the dense 1,000 × 1,000 geometric problem as lists.
    for (riders, drivers, radius) in [(1_000, 10_000, 1_000.0), (1_000, 10_000, 1_500.0), (1_000, 10_000, 2_500.0),
                                      (1_000, 1_000, 1e9)] {
        let label = radius < 1e9 ? "\(Int(radius)) m" : "dense"
        Benchmark("Sparse solver geometric \(riders)x\(drivers) \(label)") { benchmark in
            let lists = candidateLists(riders: riders, drivers: drivers, radius: radius)
            var solver = SparseAssignmentSolver()
            _ = solver.solve(rows: riders, cols: drivers, rowStart: lists.rowStart, columns: lists.columns, costs: lists.costs)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(solver.solve(rows: riders, cols: drivers, rowStart: lists.rowStart, columns: lists.columns,
                                       costs: lists.costs))
            }
        }
    }
}
