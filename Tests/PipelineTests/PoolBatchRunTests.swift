import Core
import Matching
import Pipeline
import Reporter
import Scenario
import Simulator
import Testing

/// Whole runs under `pool-batch`: the invariants of pooled runs (``PoolingPropertyTests``:
/// ledgers balance, seats never exceeded, stops match requests, promises hold on the
/// predicted times), byte-identical reruns, and every window's assignment solved exactly
/// without re-optimisation (odd cases); with it (even cases, the default) riders move, and a
/// window's answer may be the best found from today's assignment (counted, never hidden).
@Suite("pool-batch runs")
struct PoolBatchRunTests {
    static let cases = Array(0..<24)

    /// Case `index`: re-optimising when even.
    static func scenario(_ index: Int) throws -> Scenario {
        var scenario = try PoolingPropertyTests.pooledScenario(index, strategy: PoolBatchStrategy.name)
        scenario.matching.pool.reoptimize = index % 2 == 0
        return scenario
    }

    @Test("pooled invariants, determinism and exact assignments on random scenarios", arguments: cases)
    func randomPoolBatch(index: Int) throws {
        let scenario = try Self.scenario(index)
        let run = try PoolingPropertyTests.run(scenario)
        #expect(run.strategy == PoolBatchStrategy.name)
        PropertyTests.checkInvariants(run, label: "pool-batch case \(index)")
        PoolingPropertyTests.checkStops(run, label: "pool-batch case \(index)")
        let again = try PoolingPropertyTests.run(scenario)
        #expect(ReportFiles.requestsCSV(run) == ReportFiles.requestsCSV(again), "pool-batch case \(index)")
        #expect(PoolMetrics.stopsCSV(run) == PoolMetrics.stopsCSV(again), "pool-batch case \(index)")
        if index % 2 == 1 {
            #expect(run.strategyColumn("pool_batch_solver_limit_hits") == .count(0),
                    "pool-batch case \(index): an assignment was not proved optimal")
            #expect(run.pool.reassignments == 0 && Summary(run)["reassignments"] == nil)
        } else {
            #expect(Summary(run)["reassignments"] == .count(run.pool.reassignments))
        }
    }

    @Test("the generated pool-batch runs pool, and the summary reports the solver's work")
    func coverage() throws {
        var shared = 0, groups = 0, windows = 0, moves = 0
        for index in Self.cases {
            let run = try PoolingPropertyTests.run(try Self.scenario(index))
            moves += run.pool.reassignments
            shared += run.requests.filter { $0.shared == true }.count
            guard case .count(let g)? = run.strategyColumn("pool_batch_group_trips"),
                case .count(let w)? = run.strategyColumn("pool_batch_windows") else {
                Issue.record("pool-batch case \(index) reports no pool_batch columns")
                continue
            }
            groups += g
            windows += w
            let summary = Summary(run)
            #expect(summary["pool_batch_windows"] == .count(w))
            if index % 2 == 1 { #expect(summary["pool_batch_solver_limit_hits"] == .count(0)) }
        }
        #expect(shared > 20 && groups > 20 && windows > 100 && moves > 20)
    }

    @Test("other strategies leave the pool-batch columns empty")
    func emptyColumnsForOtherStrategies() throws {
        let run = try PoolingPropertyTests.run(try PoolingPropertyTests.pooledScenario(3))
        #expect(run.strategyColumns.isEmpty)
        #expect(Summary(run)["pool_batch_windows"] == .number(nil, decimals: 0))
    }
}
