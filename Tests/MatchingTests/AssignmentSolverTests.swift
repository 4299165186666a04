import Matching
import Testing

/// The optimum by enumeration (shared by the dense and sparse solver tests): (most rows assigned over feasible edges, then least cost).
func bruteForce(rows: Int, cols: Int, costs: [Double]) -> (count: Int, cost: Double) {
    var best = (count: 0, cost: 0.0)
    var usedCols = [Bool](repeating: false, count: cols)
    func visit(_ i: Int, _ count: Int, _ cost: Double) {
        if i == rows {
            if count > best.count || (count == best.count && cost < best.cost) { best = (count, cost) }
            return
        }
        visit(i + 1, count, cost)  // row i unassigned
        for j in 0..<cols where !usedCols[j] && costs[i * cols + j].isFinite {
            usedCols[j] = true
            visit(i + 1, count + 1, cost + costs[i * cols + j])
            usedCols[j] = false
        }
    }
    visit(0, 0, 0)
    return best
}

/// A small deterministic generator (SplitMix64) for the test instances of this target.
struct TestRNG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}

/// Checks that `answer` is a valid assignment over feasible edges and returns its (count, cost).
func evaluate(_ answer: [Int], rows: Int, cols: Int, costs: [Double]) -> (count: Int, cost: Double) {
    #expect(answer.count == rows)
    var seen = Set<Int>()
    var count = 0, cost = 0.0
    for (i, j) in answer.enumerated() where j >= 0 {
        #expect(j < cols)
        #expect(seen.insert(j).inserted, "column \(j) assigned twice")
        #expect(costs[i * cols + j].isFinite, "infeasible edge (\(i), \(j)) used")
        count += 1
        cost += costs[i * cols + j]
    }
    return (count, cost)
}

@Suite struct AssignmentSolverTests {
    @Test func matchesBruteForceOnThousandsOfRandomInstances() {
        var rng = TestRNG(state: 2026)
        var solver = AssignmentSolver()
        var checked = 0, withInfeasible = 0, wide = 0, tall = 0, negative = 0
        for _ in 0..<6000 {
            let rows = rng.below(7), cols = rng.below(7)
            let infeasibleShare = [0.0, 0.3, 0.7, 1.0][rng.below(4)]
            let integer = rng.below(2) == 0
            let shift = rng.below(3) == 0 ? -50.0 : 0
            var costs: [Double] = []
            for _ in 0..<(rows * cols) {
                if rng.unit() < infeasibleShare {
                    costs.append(.infinity)
                } else {
                    costs.append((integer ? Double(rng.below(10)) : rng.unit() * 100) + shift)
                }
            }
            // Some instances get a whole row or column of infeasible edges.
            if rows > 0, cols > 0, rng.below(4) == 0 {
                let r = rng.below(rows)
                for j in 0..<cols { costs[r * cols + j] = .infinity }
            }
            if rows > 0, cols > 0, rng.below(4) == 0 {
                let c = rng.below(cols)
                for i in 0..<rows { costs[i * cols + c] = .infinity }
            }
            let expected = bruteForce(rows: rows, cols: cols, costs: costs)
            let got = evaluate(solver.solve(rows: rows, cols: cols, costs: costs), rows: rows, cols: cols, costs: costs)
            #expect(got.count == expected.count, "rows \(rows) cols \(cols) costs \(costs)")
            #expect(abs(got.cost - expected.cost) <= 1e-9 * max(1, abs(expected.cost)), "rows \(rows) cols \(cols) costs \(costs)")
            checked += 1
            if costs.contains(where: { !$0.isFinite }) { withInfeasible += 1 }
            if rows > cols { tall += 1 }
            if rows < cols { wide += 1 }
            if shift < 0 { negative += 1 }
        }
        #expect(checked == 6000)
        #expect(withInfeasible > 2000 && tall > 1500 && wide > 1500 && negative > 1000)
    }

    @Test func allInfeasibleAssignsNothing() {
        var solver = AssignmentSolver()
        #expect(solver.solve(rows: 3, cols: 2, costs: Array(repeating: .infinity, count: 6)) == [-1, -1, -1])
        #expect(solver.solve(rows: 0, cols: 4, costs: []) == [])
        #expect(solver.solve(rows: 2, cols: 0, costs: []) == [-1, -1])
    }

    @Test func prefersMoreAssignmentsOverLowerCost() {
        // Row 0 could take column 0 at cost 1, but then row 1 (only column 0 feasible)
        // would be left out: the optimum assigns both at a higher total.
        var solver = AssignmentSolver()
        let inf = Double.infinity
        #expect(solver.solve(rows: 2, cols: 2, costs: [1, 1000, 5, inf]) == [1, 0])
    }

    @Test func rectangularPicksCheapestColumns() {
        var solver = AssignmentSolver()
        // One rider, three drivers: the cheapest.
        #expect(solver.solve(rows: 1, cols: 3, costs: [9, 2, 4]) == [1])
        // Three riders, one driver: the rider for whom it is cheapest.
        #expect(solver.solve(rows: 3, cols: 1, costs: [9, 2, 4]) == [-1, 0, -1])
        // Greedy (row by row) would cost 1 + 100; optimal is 2 + 3.
        #expect(solver.solve(rows: 2, cols: 2, costs: [1, 2, 3, 100]) == [1, 0])
    }
}
