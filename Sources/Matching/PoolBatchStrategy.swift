import Foundation

/// Batched pooled matching after Alonso-Mora et al. (PNAS 2017): every
/// `matching.batch_window`, the waiting riders' shareability graph (``ShareabilityGraph``:
/// which riders can share, which groups up to `supply.seats` each vehicle can add to its
/// plan without breaking any promise) and an exact trip–vehicle assignment
/// (``TripAssignmentSolver``: most riders served, then least added predicted plan time
/// plus the new riders' predicted waits).
/// Riders left unassigned stay pending for the next window. With
/// `matching.pool.reoptimize: true` (off by default) riders matched but not yet aboard may move to
/// another vehicle every window (``ReoptimizationWindow``).
public struct PoolBatchStrategy: MatchingStrategy {
    /// Scenario name `pool-batch`.
    public static let name = "pool-batch"
    /// Puts several riders in one vehicle (`supply.seats`, `matching.pool`).
    public static let sharesRides = true
    /// One-line description.
    public static let summary = "batched pooling: every batch_window, shareability graph + exact trip-vehicle assignment (supply.seats, matching.pool)"
    /// Decides every batch window.
    public let cadence: Cadence
    /// Caps of the shareability graph.
    public let limits: ShareabilityLimits
    /// Whether each window re-assigns riders matched but not yet aboard (`matching.pool.reoptimize`).
    public let reoptimize: Bool
    let workspace: PoolBatchWorkspace

    /// Creates the strategy with the scenario's batch window and the default graph caps.
    public init(settings: StrategySettings) {
        self.init(settings: settings, limits: ShareabilityLimits(), workLimit: TripAssignmentSolver().workLimit)
    }

    /// Creates the strategy with explicit graph caps and solver work limit (tests, benchmarks).
    public init(settings: StrategySettings, limits: ShareabilityLimits, workLimit: Int) {
        cadence = .batched(window: max(1, settings.batchWindow))
        self.limits = limits
        reoptimize = settings.reoptimize
        workspace = PoolBatchWorkspace(workLimit: workLimit)
    }

    /// Riders may move between vehicles (``reoptimize``).
    public var reassignsRiders: Bool { reoptimize }

    /// Counters summed over every window this strategy value (and its copies) decided.
    public var counters: PoolBatchCounters { workspace.withLock { $0.counters } }

    /// The `pool_batch_*` summary columns (docs/metrics.md), in order.
    public static let summaryColumnNames = [
        "pool_batch_windows", "pool_batch_trips", "pool_batch_group_trips", "pool_batch_pairs_shareable",
        "pool_batch_cap_hits", "pool_batch_solver_limit_hits", "pool_batch_served_gap", "pool_batch_cost_gap_s",
    ]

    /// Windows decided, the shareability graph's size and cap hits, and the assignment
    /// solver's work-limit stops with their gap bounds.
    public var summaryColumns: [StrategyColumn] {
        let c = counters
        let values: [StrategyColumn.Value] = [
            .count(c.windows), .count(c.graph.requestVehicleEdges + c.graph.groupTrips), .count(c.graph.groupTrips),
            .count(c.graph.pairsShareable), .count(c.graph.vehicleCapHits + c.graph.partnerCapHits + c.graph.groupCapHits),
            .count(c.solver.limitHits), .count(c.solver.servedGap), .number(c.solver.costGap, decimals: 3),
        ]
        return zip(Self.summaryColumnNames, values).map { StrategyColumn($0, $1) }
    }

    /// Builds the window's graph, solves the assignment and commits the chosen insertions.
    public func decide(_ requests: [PendingRequest], search: inout CandidateSearch, plans pool: inout PoolSearch) {
        guard !requests.isEmpty else { return }
        if reoptimize { return self.reoptimize(requests, search: &search, plans: &pool) }
        let started = monotonicNanos()
        let graph = ShareabilityGraph(requests, search: search, pool: pool, limits: limits)
        let built = monotonicNanos()
        let answer = workspace.solve(requestCount: requests.count, vehicleCount: graph.vehicles.count, trips: graph.trips,
                                     graph: graph.stats, started: started, built: built)
        for t in answer.chosen { pool.commit(graph.insertions[t], search: &search) }
    }
}

/// What ``PoolBatchStrategy`` counted over a run: graph sizes, cap hits and the solver's
/// work (``TripAssignmentStats/limitHits`` > 0 means some window's assignment was the best
/// found within the work limit rather than proved optimal).
public struct PoolBatchCounters: Sendable, Equatable {
    /// Windows with at least one waiting rider.
    public var windows = 0
    /// Shareability graph counters, summed.
    public var graph = ShareabilityStats()
    /// Assignment solver counters, summed.
    public var solver = TripAssignmentStats()
    /// Wall-clock nanoseconds spent building graphs and solving assignments (machine
    /// measurements for benchmarks; not written to the deterministic CSVs).
    public var graphNanos: UInt64 = 0, solverNanos: UInt64 = 0
    /// Riders moved to another vehicle by re-optimisation (decisions; the simulator may refuse some).
    public var reassigned = 0
    /// Idle vehicles sent towards requests a re-optimising window left unassigned.
    public var rebalanced = 0

    /// Creates zero counters.
    public init() {}
}

/// The solver's working arrays and the run's counters, shared by copies of one
/// ``PoolBatchStrategy`` value behind a lock.
final class PoolBatchWorkspace: @unchecked Sendable {
    var solver: TripAssignmentSolver
    var rebalancer = SparseAssignmentSolver()
    var counters = PoolBatchCounters()
    private let lock = NSLock()

    init(workLimit: Int) {
        solver = TripAssignmentSolver(workLimit: workLimit)
    }

    /// Solves one window's assignment (``TripAssignmentSolver/solve(requestCount:vehicleCount:trips:required:incumbent:)``)
    /// and counts the window: graph time (`started` to `built`), solver time, graph sizes and solver work.
    func solve(requestCount: Int, vehicleCount: Int, trips: [CandidateTrip], required: [Bool] = [], incumbent: [Int] = [],
               graph: ShareabilityStats, started: UInt64, built: UInt64) -> TripAssignment {
        withLock { w in
            let answer = w.solver.solve(requestCount: requestCount, vehicleCount: vehicleCount, trips: trips,
                                        required: required, incumbent: incumbent)
            w.counters.graphNanos += built - started
            w.counters.solverNanos += monotonicNanos() - built
            w.counters.windows += 1
            w.counters.graph.add(graph)
            w.counters.solver.add(answer.stats)
            return answer
        }
    }

    func withLock<T>(_ body: (PoolBatchWorkspace) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(self)
    }
}
