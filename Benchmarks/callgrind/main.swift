// Standalone driver for instruction counts of AssignmentSolver (see callgrind/solver.sh).
// Usage: solver [repetitions] [kind:NxM]; kinds 0 uniform integers, 1 geometric ETA, 2 geometric cut at 2.5 km.
import Foundation
#if canImport(Glibc)
import Glibc
#endif
struct RNG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
/// kind 0: uniform [0,1000); 1: euclidean ETA in a 10 km square; 2: euclidean with radius cut (infinite beyond 2.5 km)
func instance(n: Int, m: Int, kind: Int, seed: UInt64) -> [Double] {
    var r = RNG(state: seed)
    if kind == 0 { return (0..<(n*m)).map { _ in (r.unit() * 1000).rounded() } }
    let a = (0..<n).map { _ in (r.unit() * 10000, r.unit() * 10000) }
    let b = (0..<m).map { _ in (r.unit() * 10000, r.unit() * 10000) }
    var c = [Double](); c.reserveCapacity(n*m)
    for i in 0..<n { for j in 0..<m {
        let d = ((a[i].0-b[j].0)*(a[i].0-b[j].0) + (a[i].1-b[j].1)*(a[i].1-b[j].1)).squareRoot() / 8.0
        c.append(kind == 2 && d > 2500/8.0 ? .infinity : d)
    } }
    return c
}
func now() -> Double { var t = timespec(); clock_gettime(CLOCK_MONOTONIC, &t); return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9 }
let args = CommandLine.arguments
let reps = args.count > 1 ? Int(args[1])! : 5
let only = args.count > 2 ? args[2] : ""
var solver = AssignmentSolver()
for kind in 0..<3 {
    for (n, m) in [(100,100),(500,500),(1000,1000),(2000,2000),(100,2000),(1000,300)] {
        let key = "\(kind):\(n)x\(m)"
        if !only.isEmpty && only != key { continue }
        let c = instance(n: n, m: m, kind: kind, seed: UInt64(n * 31 + m + kind))
        var best = Double.infinity; var total = 0.0; var cnt = 0
        for _ in 0..<reps {
            let t0 = now(); let a = solver.solve(rows: n, cols: m, costs: c); let t = now() - t0
            best = min(best, t)
            total = 0; cnt = 0
            for (i, j) in a.enumerated() where j >= 0 { total += c[i*m+j]; cnt += 1 }
        }
        print("kind \(kind) \(n)x\(m): best \(String(format: "%.2f", best*1000)) ms  assigned \(cnt) cost \(String(format: "%.3f", total))")
    }
}
