import Matching
import Simulator

extension Summary {
    /// The `pool-batch` columns of the summary (docs/metrics.md): windows decided, the
    /// shareability graph's size and cap hits, and the assignment solver's work-limit stops
    /// with their gap bounds. Empty cells for other strategies.
    static func poolBatchFields(_ run: RunResult) -> [(name: String, value: SummaryValue)] {
        let c = run.poolBatch
        func count(_ value: (PoolBatchCounters) -> Int) -> SummaryValue {
            c.map { .count(value($0)) } ?? .number(nil, decimals: 0)
        }
        return [
            ("pool_batch_windows", count(\.windows)),
            ("pool_batch_trips", count { $0.graph.requestVehicleEdges + $0.graph.groupTrips }),
            ("pool_batch_group_trips", count(\.graph.groupTrips)),
            ("pool_batch_pairs_shareable", count(\.graph.pairsShareable)),
            ("pool_batch_cap_hits", count { $0.graph.vehicleCapHits + $0.graph.partnerCapHits + $0.graph.groupCapHits }),
            ("pool_batch_solver_limit_hits", count(\.solver.limitHits)),
            ("pool_batch_served_gap", count(\.solver.servedGap)),
            ("pool_batch_cost_gap_s", .number(c.map(\.solver.costGap), decimals: 3)),
        ]
    }
}
