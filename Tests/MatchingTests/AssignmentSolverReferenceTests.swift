import Matching
import Testing

/// The textbook O(n²·m) Hungarian method (e-maxx form, 1-based, explicit row and column
/// potentials) for n ≤ m over finite costs: an independent reference for sizes brute
/// force cannot reach.
func referenceHungarian(n: Int, m: Int, cost: (Int, Int) -> Double) -> [Int] {
    var u = [Double](repeating: 0, count: n + 1), v = [Double](repeating: 0, count: m + 1)
    var p = [Int](repeating: 0, count: m + 1), way = [Int](repeating: 0, count: m + 1)
    for i in 1...n {
        p[0] = i
        var j0 = 0
        var minv = [Double](repeating: .infinity, count: m + 1)
        var used = [Bool](repeating: false, count: m + 1)
        repeat {
            used[j0] = true
            let i0 = p[j0]
            var delta = Double.infinity, j1 = 0
            for j in 1...m where !used[j] {
                let cur = cost(i0 - 1, j - 1) - u[i0] - v[j]
                if cur < minv[j] { minv[j] = cur; way[j] = j0 }
                if minv[j] < delta { delta = minv[j]; j1 = j }
            }
            for j in 0...m {
                if used[j] { u[p[j]] += delta; v[j] -= delta } else { minv[j] -= delta }
            }
            j0 = j1
        } while p[j0] != 0
        repeat {
            let j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
        } while j0 != 0
    }
    var colOfRow = [Int](repeating: -1, count: n)
    for j in 1...m where p[j] != 0 { colOfRow[p[j] - 1] = j - 1 }
    return colOfRow
}

@Suite struct AssignmentSolverReferenceTests {
    /// Square and rectangular instances of 1–60 rows, uniform, tie-heavy integer and
    /// geometric (distance) costs, all feasible: same total as the reference, a valid matching.
    @Test func matchesTextbookHungarianOnMediumInstances() {
        var rng = TestRNG(state: 88)
        var solver = AssignmentSolver()
        var squares = 0, rectangles = 0
        for trial in 0..<400 {
            let rows = 1 + rng.below(60)
            let cols = trial % 3 == 0 ? rows : 1 + rng.below(60)
            var costs = [Double](repeating: 0, count: rows * cols)
            switch trial % 4 {
            case 0: for k in costs.indices { costs[k] = rng.unit() * 1000 }
            case 1: for k in costs.indices { costs[k] = Double(rng.below(4)) }
            default:
                let r = (0..<rows).map { _ in (rng.unit() * 5000, rng.unit() * 5000) }
                let c = (0..<cols).map { _ in (rng.unit() * 5000, rng.unit() * 5000) }
                for i in 0..<rows {
                    for j in 0..<cols {
                        let dx = r[i].0 - c[j].0, dy = r[i].1 - c[j].1
                        costs[i * cols + j] = (dx * dx + dy * dy).squareRoot() / 8
                    }
                }
            }
            let answer = solver.solve(rows: rows, cols: cols, costs: costs)
            var used = Set<Int>(), total = 0.0
            for (i, j) in answer.enumerated() where j >= 0 {
                #expect(used.insert(j).inserted)
                total += costs[i * cols + j]
            }
            #expect(used.count == min(rows, cols))
            let expected: Double
            if rows <= cols {
                let ref = referenceHungarian(n: rows, m: cols) { costs[$0 * cols + $1] }
                expected = ref.enumerated().reduce(0) { $0 + costs[$1.offset * cols + $1.element] }
            } else {
                let ref = referenceHungarian(n: cols, m: rows) { costs[$1 * cols + $0] }
                expected = ref.enumerated().reduce(0) { $0 + costs[$1.element * cols + $1.offset] }
            }
            #expect(abs(total - expected) <= 1e-9 * max(1, expected), "trial \(trial) \(rows)x\(cols)")
            if rows == cols { squares += 1 } else { rectangles += 1 }
        }
        #expect(squares > 100 && rectangles > 200)
    }

    /// A reused solver gives the same answer as a fresh one after larger and smaller problems.
    @Test func reuseAcrossSizesIsStateless() {
        var rng = TestRNG(state: 7)
        var reused = AssignmentSolver()
        for _ in 0..<50 {
            let rows = 1 + rng.below(40), cols = 1 + rng.below(40)
            let costs = (0..<(rows * cols)).map { _ in rng.below(5) == 0 ? Double.infinity : Double(rng.below(100)) }
            var fresh = AssignmentSolver()
            #expect(reused.solve(rows: rows, cols: cols, costs: costs) == fresh.solve(rows: rows, cols: cols, costs: costs))
        }
    }
}
