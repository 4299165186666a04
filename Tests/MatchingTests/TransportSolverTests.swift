import Core
@testable import Matching
import Testing

/// The transport solver is exact: on small instances its plan ships as many units as any
/// plan can and costs no more than the cheapest plan found by enumeration.
@Suite("Transport solver")
struct TransportSolverTests {
    /// Every integer plan (rows ≤ supplies, columns ≤ demands, allowed arcs only): the
    /// largest number of units any ships, and the least cost among plans shipping that many.
    static func bruteForce(supply: [Int], demand: [Int], cost: [[Double?]]) -> (units: Int, cost: Double) {
        let arcs = supply.indices.flatMap { i in demand.indices.compactMap { j in cost[i][j].map { _ in (i, j) } } }
        var best = (units: 0, cost: 0.0)
        var flow = Array(repeating: 0, count: arcs.count)
        var rowLeft = supply, columnLeft = demand
        func visit(_ k: Int, units: Int, total: Double) {
            if k == arcs.count {
                if units > best.units || (units == best.units && total < best.cost) { best = (units, total) }
                return
            }
            let (i, j) = arcs[k]
            for x in 0...min(rowLeft[i], columnLeft[j]) {
                flow[k] = x
                rowLeft[i] -= x; columnLeft[j] -= x
                visit(k + 1, units: units + x, total: total + Double(x) * cost[i][j]!)
                rowLeft[i] += x; columnLeft[j] += x
            }
        }
        visit(0, units: 0, total: 0)
        return best
    }

    @Test("matches brute force on 300 random small instances (some arcs forbidden, unbalanced totals)")
    func bruteForceAgreement() {
        var rng = TestRNG(state: 11)
        for _ in 0..<300 {
            let s = 1 + rng.below(3), t = 1 + rng.below(3)
            let supply = (0..<s).map { _ in rng.below(4) }
            let demand = (0..<t).map { _ in rng.below(4) }
            let cost: [[Double?]] = (0..<s).map { _ in
                (0..<t).map { _ in rng.below(5) == 0 ? nil : Double(rng.below(10)) }
            }
            let solution = TransportSolver.solve(supply: supply, demand: demand) { cost[$0][$1] }
            let expected = Self.bruteForce(supply: supply, demand: demand, cost: cost)
            #expect(solution.units == expected.units, "\(supply) \(demand) \(cost)")
            #expect(abs(solution.cost - expected.cost) < 1e-9, "\(supply) \(demand) \(cost)")
            // The plan is feasible and its cost is what it says.
            var rows = Array(repeating: 0, count: s), columns = Array(repeating: 0, count: t)
            var total = 0.0
            for x in solution.shipments {
                #expect(x.units > 0 && cost[x.from][x.to] != nil)
                rows[x.from] += x.units
                columns[x.to] += x.units
                total += Double(x.units) * cost[x.from][x.to]!
            }
            #expect(zip(rows, supply).allSatisfy { $0 <= $1 } && zip(columns, demand).allSatisfy { $0 <= $1 })
            #expect(rows.reduce(0, +) == solution.units && abs(total - solution.cost) < 1e-9)
        }
    }

    @Test("a hand-worked instance: the cross plan is cheaper than the greedy one")
    func handWorked() {
        // Greedy would ship A→X (cost 1) and then B→Y (cost 10): 11. Optimal: A→Y (2) + B→X (3) = 5.
        let cost: [[Double]] = [[1, 2], [3, 10]]
        let solution = TransportSolver.solve(supply: [1, 1], demand: [1, 1]) { cost[$0][$1] }
        #expect(solution.units == 2 && solution.cost == 5)
        #expect(solution.shipments == [.init(from: 0, to: 1, units: 1), .init(from: 1, to: 0, units: 1)])
    }

    @Test("largest-remainder shares sum to the total and follow the weights")
    func shares() {
        #expect(RebalancePolicy.share(10, by: [1, 1, 2]) == [3, 2, 5])
        #expect(RebalancePolicy.share(7, by: [0, 0]) == [0, 0])
        #expect(RebalancePolicy.share(5, by: [0, 3, 0]) == [0, 5, 0])
        var rng = TestRNG(state: 5)
        for _ in 0..<200 {
            let weights = (0..<(1 + rng.below(6))).map { _ in Double(rng.below(7)) }
            let total = rng.below(40)
            let out = RebalancePolicy.share(total, by: weights)
            let sum = weights.reduce(0, +)
            #expect(out.reduce(0, +) == (sum > 0 ? total : 0))
            for (w, n) in zip(weights, out) where sum > 0 {
                #expect(abs(Double(n) - Double(total) * w / sum) < 1)
            }
        }
    }
}
