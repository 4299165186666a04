@testable import Matching
import Testing

/// The auction start of large square problems (``AssignmentSolver``, `AuctionStart.swift`):
/// the same optimum as the textbook Hungarian and as the solver without the auction start.
@Suite struct AssignmentSolverAuctionTests {
    /// Square costs of one of several shapes: geometric (distances), uniform reals,
    /// tie-heavy integers 0–3, and "shared favourites" (every row's cheapest columns are
    /// the same few, so the candidate lists hold no full assignment and the auction stops
    /// at its bid cap).
    static func costs(n: Int, shape: Int, rng: inout TestRNG) -> [Double] {
        var costs = [Double](repeating: 0, count: n * n)
        switch shape {
        case 0:
            let r = (0..<n).map { _ in (rng.unit() * 10000, rng.unit() * 10000) }
            let c = (0..<n).map { _ in (rng.unit() * 10000, rng.unit() * 10000) }
            for i in 0..<n {
                for j in 0..<n {
                    let dx = r[i].0 - c[j].0, dy = r[i].1 - c[j].1
                    costs[i * n + j] = (dx * dx + dy * dy).squareRoot() / 8
                }
            }
        case 1: for k in costs.indices { costs[k] = rng.unit() * 1000 }
        case 2: for k in costs.indices { costs[k] = Double(rng.below(4)) }
        default:
            for i in 0..<n {
                for j in 0..<n { costs[i * n + j] = Double(j) + rng.unit() }
            }
        }
        return costs
    }

    /// Solves `costs` (n × n) with and without the auction start; both answers checked
    /// valid, as (count, cost).
    static func solveBoth(_ costs: [Double], n: Int, _ auction: inout AssignmentSolver, _ plain: inout AssignmentSolver)
        -> (auction: (count: Int, cost: Double), plain: (count: Int, cost: Double))
    {
        plain.auctionStart = false
        return (
            evaluate(auction.solve(rows: n, cols: n, costs: costs), rows: n, cols: n, costs: costs),
            evaluate(plain.solve(rows: n, cols: n, costs: costs), rows: n, cols: n, costs: costs)
        )
    }

    /// Square 128–200 instances of every shape: a full matching with the reference total,
    /// and the same total as the solver without the auction start.
    @Test func matchesReferenceOnLargeSquares() {
        var rng = TestRNG(state: 19)
        var auction = AssignmentSolver(), plain = AssignmentSolver()
        for trial in 0..<12 {
            let n = 128 + rng.below(73)
            let costs = Self.costs(n: n, shape: trial % 4, rng: &rng)
            let (answer, without) = Self.solveBoth(costs, n: n, &auction, &plain)
            let ref = referenceHungarian(n: n, m: n) { costs[$0 * n + $1] }
            let expected = ref.enumerated().reduce(0) { $0 + costs[$1.offset * n + $1.element] }
            #expect(answer.count == n && without.count == n)
            #expect(abs(answer.cost - expected) <= 1e-9 * max(1, expected), "trial \(trial) n \(n)")
            #expect(abs(without.cost - expected) <= 1e-9 * max(1, expected), "trial \(trial) n \(n)")
        }
    }

    /// With infeasible pairs (a radius cut, or random holes): the same number of assigned
    /// rows and the same total as the solver without the auction start.
    @Test func infeasiblePairsAgreeWithPlainSolver() {
        var rng = TestRNG(state: 1919)
        var auction = AssignmentSolver(), plain = AssignmentSolver()
        for trial in 0..<16 {
            let n = 128 + rng.below(100)
            var costs = Self.costs(n: n, shape: trial % 4, rng: &rng)
            let holes = [0.02, 0.5, 0.9, 0.99][trial / 4]
            for k in costs.indices where rng.unit() < holes { costs[k] = .infinity }
            let (answer, without) = Self.solveBoth(costs, n: n, &auction, &plain)
            #expect(answer.count == without.count, "trial \(trial)")
            #expect(abs(answer.cost - without.cost) <= 1e-9 * max(1, without.cost), "trial \(trial)")
        }
    }

    /// Tiny problems stay brute-force exact and large ones reuse the buffers statelessly:
    /// alternating sizes on one solver give the answers of fresh solvers.
    @Test func reuseAcrossAuctionAndPlainSizes() {
        var rng = TestRNG(state: 5)
        var reused = AssignmentSolver()
        for trial in 0..<8 {
            let n = trial % 2 == 0 ? 130 + rng.below(40) : 1 + rng.below(20)
            let costs = Self.costs(n: n, shape: trial % 4, rng: &rng)
            var fresh = AssignmentSolver()
            #expect(reused.solve(rows: n, cols: n, costs: costs) == fresh.solve(rows: n, cols: n, costs: costs))
        }
    }
}
