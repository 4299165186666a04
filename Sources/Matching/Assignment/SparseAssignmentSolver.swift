/// An optimal assignment solver over candidate lists: a sparse Jonker–Volgenant (shortest
/// augmenting paths with Dijkstra on reduced costs), for batches where each row (rider)
/// has a short list of feasible columns (drivers within `max_pickup_eta`).
///
/// The objective is the one of ``AssignmentSolver``: first assign as many rows as possible
/// over the listed (finite-cost) edges, then minimise the total cost of those edges.
///
/// Method: every row `i` gets a private "stay unassigned" column `cols + i` with a penalty
/// cost `big` larger than any difference between two feasible totals (the dense solver's
/// big-M), so the problem always has a full row assignment and its minimum-cost one uses
/// as few penalty columns as possible; those are dropped from the answer. Start: column
/// potentials 0 and each row takes its cheapest edge when that column is free (row
/// reduction). Then each free row is inserted by a Dijkstra over the candidate adjacency
/// (a binary heap of columns keyed by reduced path length, ties to the lower column), the
/// settled columns' potentials are lowered so every reduced cost stays ≥ 0, and the path
/// is flipped. Free columns keep potential 0 and every potential stays ≤ 0, the optimality
/// condition of the rectangular problem. Work per path is proportional to the edges of the
/// rows it reaches, not to rows × columns.
///
/// Deterministic: the same edge lists in the same order give the same answer. Where
/// several assignments are optimal it may pick a different one than ``AssignmentSolver``;
/// both are optimal in the lexicographic sense above. Working arrays are kept between
/// calls and grow only when a larger problem arrives.
public struct SparseAssignmentSolver: Sendable {
    private var v: [Double] = []          // column potentials (real columns, then one penalty column per row)
    private var rowOfCol: [Int32] = []    // -1: free
    private var colOfRow: [Int32] = []    // -1: free
    private var costOfRow: [Double] = []  // cost of the row's assigned edge (its row potential is costOfRow − v)
    private var dist: [Double] = []
    private var pred: [Int32] = []
    private var seen: [UInt32] = []       // dist/pred valid when == epoch
    private var done: [UInt32] = []       // settled when == epoch
    private var settled: [Int32] = []
    private var heap = ColumnHeap()
    private var free: [Int32] = []
    private var epoch: UInt32 = 0
    private var result: [Int] = []

    /// Creates a solver with empty buffers.
    public init() {}

    /// Solves the problem given as candidate lists and returns, for each row, its assigned
    /// column or -1.
    ///
    /// - Parameters:
    ///   - rows: number of rows (e.g. riders).
    ///   - cols: number of columns (e.g. drivers).
    ///   - rowStart: `rows + 1` offsets: row `i`'s edges are `rowStart[i]..<rowStart[i + 1]`.
    ///   - columns: the column of each edge (`0..<cols`).
    ///   - costs: the cost of each edge; non-finite = no edge.
    /// - Returns: `rows` column indices (-1 where the row stays unassigned); only listed,
    ///   finite edges are returned.
    public mutating func solve(rows: Int, cols: Int, rowStart: [Int32], columns: [Int32], costs: [Double]) -> [Int] {
        precondition(rowStart.count == rows + 1 && rowStart.first == 0, "rowStart must hold rows + 1 offsets from 0")
        precondition(columns.count == costs.count && Int(rowStart[rows]) == costs.count, "one column and cost per edge")
        precondition(rows + cols < Int(Int32.max), "too many rows or columns")
        result.removeAll(keepingCapacity: true)
        result.append(contentsOf: repeatElement(-1, count: rows))
        guard rows > 0, cols > 0 else { return result }
        prepare(rows: rows, width: cols + rows)
        // One pass over the edges: the cost range (for the penalty) and the row reduction —
        // each row takes its cheapest edge when that column is still free (first listed wins
        // ties); rows without a finite edge take their penalty column below.
        var lo = Double.infinity, hi = -Double.infinity
        var freeCount = 0
        var isolated: [Int32] = []
        costs.withUnsafeBufferPointer { costs in
        columns.withUnsafeBufferPointer { columns in
            for i in 0..<rows {
                var best = Double.infinity, bestJ = -1
                for e in Int(rowStart[i])..<Int(rowStart[i + 1]) {
                    let c = costs[e]
                    guard c.isFinite else { continue }
                    if c < lo { lo = c }
                    if c > hi { hi = c }
                    if c < best {
                        best = c
                        bestJ = Int(columns[e])
                    }
                }
                if bestJ < 0 {
                    isolated.append(Int32(i))
                } else if rowOfCol[bestJ] < 0 {
                    rowOfCol[bestJ] = Int32(i)
                    colOfRow[i] = Int32(bestJ)
                    costOfRow[i] = best
                } else {
                    free[freeCount] = Int32(i)
                    freeCount += 1
                }
            }
        }}
        guard lo.isFinite else { return result }
        let k = Swift.min(rows, cols)
        let big = hi + (hi - lo + 1) * Double(k + 1)
        for i32 in isolated {
            let i = Int(i32)
            rowOfCol[cols + i] = i32
            colOfRow[i] = Int32(cols + i)
            costOfRow[i] = big
        }
        let graph = Graph(rowStart: rowStart, columns: columns, costs: costs, cols: cols, big: big)
        for f in 0..<freeCount {
            augment(from: Int(free[f]), graph)
        }
        for i in 0..<rows {
            let j = Int(colOfRow[i])
            if j < cols { result[i] = j }
        }
        return result
    }

    /// The edges as the solve sees them: listed edges plus each row's penalty column.
    private struct Graph {
        let rowStart: [Int32]
        let columns: [Int32]
        let costs: [Double]
        let cols: Int
        let big: Double
    }

    private mutating func prepare(rows: Int, width: Int) {
        resetBuffer(&v, 0, width)
        resetBuffer(&rowOfCol, -1, width)
        resetBuffer(&colOfRow, -1, rows)
        resetBuffer(&costOfRow, 0, rows)
        resetBuffer(&free, 0, rows)
        if dist.count < width {
            dist = [Double](repeating: 0, count: width)
            pred = [Int32](repeating: 0, count: width)
            seen = [UInt32](repeating: 0, count: width)
            done = [UInt32](repeating: 0, count: width)
            epoch = 0
        }
    }

    /// Inserts free row `f` by a shortest augmenting path over reduced costs.
    private mutating func augment(from f: Int, _ g: Graph) {
        if epoch == UInt32.max {
            for j in seen.indices { seen[j] = 0; done[j] = 0 }
            epoch = 0
        }
        epoch += 1
        settled.removeAll(keepingCapacity: true)
        heap.removeAll()
        // Row f's potential is taken as 0: its path lengths start at cost − v.
        relax(row: f, h: 0, g)
        var end = -1
        var minD = 0.0
        while let (d, j32) = heap.popMin() {
            let j = Int(j32)
            if done[j] == epoch || d > dist[j] { continue }
            if rowOfCol[j] < 0 {
                end = j
                minD = d
                break
            }
            done[j] = epoch
            settled.append(j32)
            let i = Int(rowOfCol[j])
            // u_i − d: lengths through row i are cost − v − (u_i − d).
            relax(row: i, h: costOfRow[i] - v[j] - d, g)
        }
        precondition(end >= 0, "the penalty column of the start row is always reachable")
        for j32 in settled {
            let j = Int(j32)
            v[j] += dist[j] - minD
        }
        var j = end
        while true {
            let i = Int(pred[j])
            let previous = Int(colOfRow[i])
            rowOfCol[j] = Int32(i)
            colOfRow[i] = Int32(j)
            costOfRow[i] = j >= g.cols ? g.big : edgeCost(row: i, column: j, g)
            if i == f { break }
            j = previous
        }
    }

    /// Offers every edge of `row` (and its penalty column) at length cost − v − h.
    @inline(__always)
    private mutating func relax(row i: Int, h: Double, _ g: Graph) {
        for e in Int(g.rowStart[i])..<Int(g.rowStart[i + 1]) {
            let c = g.costs[e]
            guard c.isFinite else { continue }
            offer(Int(g.columns[e]), c - v[Int(g.columns[e])] - h, row: i)
        }
        let p = g.cols + i
        offer(p, g.big - v[p] - h, row: i)
    }

    @inline(__always)
    private mutating func offer(_ j: Int, _ d: Double, row: Int) {
        if done[j] == epoch { return }
        if seen[j] != epoch || d < dist[j] {
            seen[j] = epoch
            dist[j] = d
            pred[j] = Int32(row)
            heap.push(d, Int32(j))
        }
    }

    /// The cheapest listed edge of `row` to `column` (the one the path used).
    private func edgeCost(row i: Int, column j: Int, _ g: Graph) -> Double {
        var best = Double.infinity
        for e in Int(g.rowStart[i])..<Int(g.rowStart[i + 1]) where Int(g.columns[e]) == j {
            best = Swift.min(best, g.costs[e])
        }
        return best
    }
}

/// A binary min-heap of (path length, column), ties to the lower column; stale entries
/// are skipped by the caller.
struct ColumnHeap: Sendable {
    private var keys: [Double] = []
    private var items: [Int32] = []

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        items.removeAll(keepingCapacity: true)
    }

    @inline(__always) private func less(_ a: Int, _ b: Int) -> Bool {
        keys[a] < keys[b] || (keys[a] == keys[b] && items[a] < items[b])
    }

    mutating func push(_ key: Double, _ item: Int32) {
        keys.append(key)
        items.append(item)
        var c = keys.count - 1
        while c > 0 {
            let p = (c - 1) / 2
            guard less(c, p) else { break }
            keys.swapAt(c, p)
            items.swapAt(c, p)
            c = p
        }
    }

    mutating func popMin() -> (Double, Int32)? {
        guard let top = keys.first else { return nil }
        let item = items[0]
        let lastKey = keys.removeLast(), lastItem = items.removeLast()
        if !keys.isEmpty {
            keys[0] = lastKey
            items[0] = lastItem
            var p = 0
            let n = keys.count
            while true {
                let l = 2 * p + 1
                if l >= n { break }
                var c = l
                if l + 1 < n, less(l + 1, l) { c = l + 1 }
                guard less(c, p) else { break }
                keys.swapAt(c, p)
                items.swapAt(c, p)
                p = c
            }
        }
        return (top, item)
    }
}
