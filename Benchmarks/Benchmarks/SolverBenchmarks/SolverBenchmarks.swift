// The optimal assignment solver of the batch strategies on dense square problems.
import Benchmark
import Matching

private struct Noise {
    var state: UInt64
    mutating func unit() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) * 0x1.0p-53
    }
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
}
