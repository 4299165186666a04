import Core

/// Batched global matching: every `matching.batch_window`, all waiting requests and all
/// candidate drivers are assigned at once by an optimal minimum-cost bipartite assignment
/// on predicted pickup ETA (most riders matched first, then least total ETA). Riders left
/// unassigned stay pending for the next batch.
public struct BatchStrategy: MatchingStrategy {
    /// Scenario name `batch`.
    public static let name = "batch"
    /// One-line description.
    public static let summary = "batched: every batch_window, optimal assignment minimising total pickup ETA"
    /// Decides every batch window.
    public let cadence: Cadence

    /// Creates the strategy with the scenario's batch window.
    public init(settings: StrategySettings) {
        cadence = .batched(window: max(1, settings.batchWindow))
    }

    /// Assigns the batch optimally on pickup ETA.
    public func assign(_ requests: [PendingRequest], search: inout CandidateSearch) -> [Assignment] {
        BatchAssigner.assign(requests, search: &search) { _, candidate, _ in candidate.eta }
    }
}

/// Builds the cost matrix of a batch (rows: requests with at least one candidate; columns:
/// every driver that is a candidate of some request) and solves it with
/// ``AssignmentSolver``. Pairs that are not candidates (stale, taken, beyond
/// `max_pickup_eta`) are infeasible.
public enum BatchAssigner {
    /// Assigns `requests` to candidates minimising the sum of `cost(i, candidate, search)`
    /// (`i` indexes `requests`; the search gives decision-time state) over the assigned pairs, after maximising how many are assigned. Deterministic: rows
    /// follow request order, columns the order drivers are first met.
    public static func assign(
        _ requests: [PendingRequest], search: inout CandidateSearch,
        cost: (Int, Candidate, CandidateSearch) -> Double
    ) -> [Assignment] {
        guard !requests.isEmpty, search.drivers.index.count > 0 else { return [] }
        var columnOf = [Int32](repeating: -1, count: search.drivers.rows.count)
        var columns: [Int32] = []
        var rowOf: [Int] = []                // batch row -> index into requests
        var edges: [(row: Int32, column: Int32, candidate: Candidate)] = []
        for (index, request) in requests.enumerated() {
            let origin = request.request.origin
            let row = Int32(rowOf.count)
            var any = false
            search.drivers.index.forEach(within: search.maxRadius, of: origin) { id, distance in
                guard search.isFreeAndFresh(id) else { return }
                let eta = search.eta(of: id, to: origin)
                guard eta <= search.maxPickupEta else { return }
                if columnOf[Int(id)] < 0 {
                    columnOf[Int(id)] = Int32(columns.count)
                    columns.append(id)
                }
                edges.append((row, columnOf[Int(id)], Candidate(driver: id, distance: distance, eta: eta)))
                any = true
            }
            if any { rowOf.append(index) }
        }
        guard !rowOf.isEmpty else { return [] }
        let n = rowOf.count, m = columns.count
        var costs = [Double](repeating: .infinity, count: n * m)
        var candidateAt = [Int32](repeating: -1, count: n * m)   // cell -> edge index
        for (e, edge) in edges.enumerated() {
            let cell = Int(edge.row) * m + Int(edge.column)
            let c = cost(rowOf[Int(edge.row)], edge.candidate, search)
            costs[cell] = c.isFinite ? c : .infinity
            candidateAt[cell] = Int32(e)
        }
        var solver = AssignmentSolver()
        let answer = solver.solve(rows: n, cols: m, costs: costs)
        var out: [Assignment] = []
        out.reserveCapacity(min(n, m))
        for (row, column) in answer.enumerated() where column >= 0 {
            let edge = edges[Int(candidateAt[row * m + column])]
            search.take(edge.candidate.driver)
            out.append(Assignment(request: requests[rowOf[row]].key, candidate: edge.candidate))
        }
        return out
    }
}
