import Matching
import Testing

/// A dense matrix (non-finite = no edge) as candidate lists, edges of a row in a shuffled
/// order when `shuffle` is given (the answer's objective must not depend on it).
private func candidateLists(rows: Int, cols: Int, costs: [Double], shuffle: inout TestRNG?)
    -> (rowStart: [Int32], columns: [Int32], costs: [Double]) {
    var rowStart: [Int32] = [0], columns: [Int32] = [], edgeCosts: [Double] = []
    for i in 0..<rows {
        var row = (0..<cols).filter { costs[i * cols + $0].isFinite }
        if shuffle != nil {
            for k in stride(from: row.count - 1, to: 0, by: -1) { row.swapAt(k, shuffle!.below(k + 1)) }
        }
        for j in row {
            columns.append(Int32(j))
            edgeCosts.append(costs[i * cols + j])
        }
        rowStart.append(Int32(columns.count))
    }
    return (rowStart, columns, edgeCosts)
}

private func sparseSolve(_ solver: inout SparseAssignmentSolver, rows: Int, cols: Int, costs: [Double],
                         shuffle: inout TestRNG?) -> [Int] {
    let lists = candidateLists(rows: rows, cols: cols, costs: costs, shuffle: &shuffle)
    return solver.solve(rows: rows, cols: cols, rowStart: lists.rowStart, columns: lists.columns, costs: lists.costs)
}

/// Random instances shaped like batches: riders and drivers in a square, an edge where the
/// driver is within `radius` (cost: distance / 8 m/s, or a tie-heavy integer).
private func batchLike(_ rng: inout TestRNG, rows: Int, cols: Int, radius: Double, ties: Bool) -> [Double] {
    let r = (0..<rows).map { _ in (rng.unit() * 5000, rng.unit() * 5000) }
    let c = (0..<cols).map { _ in (rng.unit() * 5000, rng.unit() * 5000) }
    var costs = [Double](repeating: .infinity, count: rows * cols)
    for i in 0..<rows {
        for j in 0..<cols {
            let dx = r[i].0 - c[j].0, dy = r[i].1 - c[j].1
            let d = (dx * dx + dy * dy).squareRoot()
            if d <= radius { costs[i * cols + j] = ties ? (d / 1000).rounded(.down) : d / 8 }
        }
    }
    return costs
}

@Suite struct SparseAssignmentSolverTests {
    @Test func matchesBruteForceOnThousandsOfTinyInstances() {
        var rng = TestRNG(state: 1919)
        var shuffle: TestRNG? = TestRNG(state: 7)
        var solver = SparseAssignmentSolver()
        var withInfeasible = 0, tall = 0, wide = 0, negative = 0
        for _ in 0..<6000 {
            let rows = rng.below(7), cols = rng.below(7)
            let infeasibleShare = [0.0, 0.3, 0.7, 1.0][rng.below(4)]
            let integer = rng.below(2) == 0
            let shift = rng.below(3) == 0 ? -50.0 : 0
            var costs: [Double] = []
            for _ in 0..<(rows * cols) {
                costs.append(rng.unit() < infeasibleShare
                             ? .infinity : (integer ? Double(rng.below(4)) : rng.unit() * 100) + shift)
            }
            let expected = bruteForce(rows: rows, cols: cols, costs: costs)
            let answer = sparseSolve(&solver, rows: rows, cols: cols, costs: costs, shuffle: &shuffle)
            let got = evaluate(answer, rows: rows, cols: cols, costs: costs)
            #expect(got.count == expected.count, "rows \(rows) cols \(cols) costs \(costs)")
            #expect(abs(got.cost - expected.cost) <= 1e-9 * max(1, abs(expected.cost)), "rows \(rows) cols \(cols) costs \(costs)")
            if costs.contains(where: { !$0.isFinite }) { withInfeasible += 1 }
            if rows > cols { tall += 1 }
            if rows < cols { wide += 1 }
            if shift < 0 { negative += 1 }
        }
        #expect(withInfeasible > 2000 && tall > 1500 && wide > 1500 && negative > 1000)
    }

    /// Batch-shaped instances up to 120 × 300 (geometric or tie-heavy costs, radius cuts that
    /// leave riders without any candidate and drivers shared by many): the same number of
    /// assigned rows and the same total cost as the dense solver, and a valid assignment.
    @Test func matchesDenseSolverOnThousandsOfSparseInstances() {
        var rng = TestRNG(state: 190)
        var shuffle: TestRNG? = nil
        var dense = AssignmentSolver(), sparse = SparseAssignmentSolver()
        var unassignedRows = 0
        for trial in 0..<2500 {
            let rows = 1 + rng.below(trial % 10 == 0 ? 120 : 40)
            let cols = 1 + rng.below(trial % 10 == 0 ? 300 : 60)
            let radius = [300.0, 800, 1500, 4000][rng.below(4)]
            let costs = batchLike(&rng, rows: rows, cols: cols, radius: radius, ties: trial % 3 == 0)
            let expected = evaluate(dense.solve(rows: rows, cols: cols, costs: costs), rows: rows, cols: cols, costs: costs)
            let answer = sparseSolve(&sparse, rows: rows, cols: cols, costs: costs, shuffle: &shuffle)
            let got = evaluate(answer, rows: rows, cols: cols, costs: costs)
            #expect(got.count == expected.count, "trial \(trial)")
            #expect(abs(got.cost - expected.cost) <= 1e-7 * max(1, abs(expected.cost)), "trial \(trial)")
            if got.count < rows { unassignedRows += 1 }
        }
        #expect(unassignedRows > 500)
    }

    @Test func deterministicAndReusableAcrossSizes() {
        var rng = TestRNG(state: 5)
        var shuffle: TestRNG? = nil
        var reused = SparseAssignmentSolver()
        for trial in 0..<200 {
            let rows = 1 + rng.below(50), cols = 1 + rng.below(80)
            let costs = batchLike(&rng, rows: rows, cols: cols, radius: 1200, ties: trial % 2 == 0)
            var fresh = SparseAssignmentSolver()
            let a = sparseSolve(&reused, rows: rows, cols: cols, costs: costs, shuffle: &shuffle)
            let b = sparseSolve(&fresh, rows: rows, cols: cols, costs: costs, shuffle: &shuffle)
            #expect(a == b, "trial \(trial)")
        }
    }

    @Test func edgeCases() {
        var solver = SparseAssignmentSolver()
        let inf = Double.infinity
        #expect(solver.solve(rows: 0, cols: 3, rowStart: [0], columns: [], costs: []) == [])
        #expect(solver.solve(rows: 2, cols: 0, rowStart: [0, 0, 0], columns: [], costs: []) == [-1, -1])
        #expect(solver.solve(rows: 2, cols: 2, rowStart: [0, 1, 1], columns: [0], costs: [inf]) == [-1, -1])
        // More rows assigned beats lower cost: row 0 must leave column 0 to row 1.
        #expect(solver.solve(rows: 2, cols: 2, rowStart: [0, 2, 3], columns: [0, 1, 0], costs: [1, 1000, 5]) == [1, 0])
        // One driver, three riders: the rider for whom it is cheapest.
        #expect(solver.solve(rows: 3, cols: 1, rowStart: [0, 1, 2, 3], columns: [0, 0, 0], costs: [9, 2, 4]) == [-1, 0, -1])
        // Duplicate edges: the cheaper counts.
        #expect(solver.solve(rows: 1, cols: 2, rowStart: [0, 3], columns: [1, 0, 1], costs: [7, 5, 3]) == [1])
    }
}
