import Core
import Foundation

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
    private let workspace = BatchWorkspace()

    /// Creates the strategy with the scenario's batch window.
    public init(settings: StrategySettings) {
        cadence = .batched(window: max(1, settings.batchWindow))
    }

    /// Assigns the batch optimally on pickup ETA.
    public func assign(_ requests: [PendingRequest], search: inout CandidateSearch) -> [Assignment] {
        BatchAssigner.assign(requests, search: &search, workspace: workspace) { _, candidate, _ in candidate.eta }
    }
}

/// Reusable buffers of ``BatchAssigner``: the candidate lists, their costs and the solver's
/// working arrays survive from one batch to the next, so a batch allocates only when it is
/// larger than any before. One workspace belongs to one strategy value; a lock makes
/// sharing it between copies safe.
public final class BatchWorkspace: @unchecked Sendable {
    fileprivate var solver = SparseAssignmentSolver()
    fileprivate var columnOf: [Int32] = []
    fileprivate var columns: [Int32] = []
    fileprivate var rowOf: [Int] = []
    fileprivate var rowStart: [Int32] = []
    fileprivate var edgeColumns: [Int32] = []
    fileprivate var edges: [Candidate] = []
    fileprivate var costs: [Double] = []
    private let lock = NSLock()

    /// Creates empty buffers.
    public init() {}

    fileprivate func withLock<T>(_ body: (BatchWorkspace) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(self)
    }
}

/// Builds the candidate lists of a batch (rows: requests with at least one candidate;
/// columns: every driver that is a candidate of some request; one edge per candidate pair)
/// and solves them with ``SparseAssignmentSolver``, whose work follows the number of
/// candidate pairs, not rows × columns. Pairs that are not candidates (stale, taken,
/// beyond `max_pickup_eta`) are not listed, so they are infeasible.
public enum BatchAssigner {
    /// Assigns `requests` to candidates minimising the sum of `cost(i, candidate, search)`
    /// (`i` indexes `requests`; the search gives decision-time state) over the assigned
    /// pairs, after maximising how many are assigned. Deterministic: rows follow request
    /// order, columns the order drivers are first met.
    public static func assign(
        _ requests: [PendingRequest], search: inout CandidateSearch, workspace: BatchWorkspace = BatchWorkspace(),
        cost: (Int, Candidate, CandidateSearch) -> Double
    ) -> [Assignment] {
        guard !requests.isEmpty, search.drivers.index.count > 0 else { return [] }
        return workspace.withLock { w in assign(requests, search: &search, w, cost: cost) }
    }

    private static func assign(
        _ requests: [PendingRequest], search: inout CandidateSearch, _ w: BatchWorkspace,
        cost: (Int, Candidate, CandidateSearch) -> Double
    ) -> [Assignment] {
        if w.columnOf.count != search.drivers.rows.count {
            w.columnOf = [Int32](repeating: -1, count: search.drivers.rows.count)
        }
        w.columns.removeAll(keepingCapacity: true)
        w.rowOf.removeAll(keepingCapacity: true)
        w.rowStart.removeAll(keepingCapacity: true)
        w.rowStart.append(0)
        w.edgeColumns.removeAll(keepingCapacity: true)
        w.edges.removeAll(keepingCapacity: true)
        w.costs.removeAll(keepingCapacity: true)
        defer { for id in w.columns { w.columnOf[Int(id)] = -1 } }
        for (index, request) in requests.enumerated() {
            let origin = request.request.origin
            let first = w.edges.count
            search.drivers.index.forEach(within: search.maxRadius, of: origin) { id, distance in
                guard search.isFreeAndFresh(id), let candidate = search.candidate(id, distance: distance, to: origin) else {
                    return
                }
                if w.columnOf[Int(id)] < 0 {
                    w.columnOf[Int(id)] = Int32(w.columns.count)
                    w.columns.append(id)
                }
                w.edgeColumns.append(w.columnOf[Int(id)])
                w.edges.append(candidate)
            }
            guard w.edges.count > first else { continue }
            for e in first..<w.edges.count {
                let c = cost(index, w.edges[e], search)
                w.costs.append(c.isFinite ? c : .infinity)
            }
            w.rowOf.append(index)
            w.rowStart.append(Int32(w.edges.count))
        }
        guard !w.rowOf.isEmpty else { return [] }
        let n = w.rowOf.count, m = w.columns.count
        let answer = w.solver.solve(rows: n, cols: m, rowStart: w.rowStart, columns: w.edgeColumns, costs: w.costs)
        var out: [Assignment] = []
        out.reserveCapacity(min(n, m))
        for (row, column) in answer.enumerated() where column >= 0 {
            // The row's cheapest listed edge to that column (a driver is listed once per row).
            var best = -1
            for e in Int(w.rowStart[row])..<Int(w.rowStart[row + 1])
            where Int(w.edgeColumns[e]) == column && (best < 0 || w.costs[e] < w.costs[best]) {
                best = e
            }
            let candidate = w.edges[best]
            search.take(candidate.driver)
            out.append(Assignment(request: requests[w.rowOf[row]].key, candidate: candidate))
        }
        return out
    }
}
