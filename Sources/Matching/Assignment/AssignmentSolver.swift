/// An optimal rectangular assignment solver: Jonker–Volgenant (LAPJV), written for the
/// batch strategies.
///
/// The problem: `rows × cols` costs in a flat row-major array; `.infinity` (or any
/// non-finite value) means "no edge". The objective is lexicographic: first assign as many
/// rows as possible over feasible edges, then minimise the total cost of those edges.
///
/// Method: the smaller side is made the row side (the matrix is transposed into a reused
/// buffer when rows > cols), so every row is assigned. Infeasible edges get a penalty
/// `big` larger than any difference between two feasible totals, so a minimum-cost
/// row-saturating assignment uses as few of them as possible; they are dropped from the
/// answer. The solve then follows LAPJV (Jonker & Volgenant 1987): an initial dual and
/// partial assignment (column reduction with reduction transfer when the problem is
/// square, row reduction otherwise), two passes of augmenting row reduction, and a
/// Dijkstra-like shortest augmenting path for each row still free — see
/// ``AssignmentSolver/run(n:m:)``. All working arrays are kept between calls: solving
/// allocates only when a larger problem than any before arrives.
public struct AssignmentSolver: Sendable {
    private var v: [Double] = []         // column potentials (row potentials are implicit)
    private var colOfRow: [Int32] = []   // -1: free
    private var rowOfCol: [Int32] = []   // -1: free
    private var pred: [Int32] = []       // predecessor row of a column on the shortest path tree
    private var dist: [Double] = []      // shortest reduced path length to a column
    private var columns: [Int32] = []    // column order of the Dijkstra: ready | to scan | unreached
    private var free: [Int32] = []       // free rows
    private var matches: [Int32] = []    // column reduction: how many columns chose each row
    private var colMin: [Double] = []    // column reduction: each column's minimum
    private var colArgMin: [Int32] = []  // column reduction: the first row reaching it
    private var candidates: [Int32] = [] // auction start: each row's cheapest columns
    private var work: [Double] = []      // transposed or penalised costs
    private var result: [Int] = []
    /// Whether large square problems start from the ε-scaling auction (tests compare both).
    var auctionStart = true

    /// Creates a solver with empty buffers.
    public init() {}

    /// Solves the problem and returns, for each row, its assigned column or -1.
    ///
    /// - Parameters:
    ///   - rows: number of rows (e.g. riders).
    ///   - cols: number of columns (e.g. drivers).
    ///   - costs: `rows * cols` costs, row-major; non-finite = infeasible.
    /// - Returns: `rows` column indices (-1 where the row stays unassigned). Only feasible
    ///   edges are returned.
    public mutating func solve(rows: Int, cols: Int, costs: [Double]) -> [Int] {
        precondition(costs.count == rows * cols, "cost matrix must hold rows × cols values")
        precondition(rows < Int(Int32.max) && cols < Int(Int32.max), "too many rows or columns")
        result.removeAll(keepingCapacity: true)
        result.append(contentsOf: repeatElement(-1, count: rows))
        guard rows > 0, cols > 0 else { return result }
        // Bounds of the feasible costs, for the infeasibility penalty.
        var lo = Double.infinity, hi = -Double.infinity
        costs.withUnsafeBufferPointer { c in
            for x in c where x.isFinite {
                lo = Swift.min(lo, x)
                hi = Swift.max(hi, x)
            }
        }
        guard lo.isFinite else { return result }
        let transposed = rows > cols
        let n = transposed ? cols : rows
        let m = transposed ? rows : cols
        // Any feasible total of k edges lies in [k·lo, k·hi]; one infeasible edge must cost
        // more than the widest gap between two such totals plus any feasible edge.
        let big = hi + (hi - lo + 1) * Double(n + 1)
        work.removeAll(keepingCapacity: true)
        work.append(contentsOf: repeatElement(0, count: n * m))
        work.withUnsafeMutableBufferPointer { w in
            costs.withUnsafeBufferPointer { c in
                if transposed {
                    for j in 0..<m {
                        let row = j * cols
                        for i in 0..<n {
                            let x = c[row + i]
                            w[i * m + j] = x.isFinite ? x : big
                        }
                    }
                } else {
                    for k in 0..<(n * m) {
                        let x = c[k]
                        w[k] = x.isFinite ? x : big
                    }
                }
            }
        }
        run(n: n, m: m)
        // Map back and drop penalised (infeasible) edges.
        for row in 0..<n {
            let col = Int(colOfRow[row])
            guard col >= 0, work[row * m + col] < big else { continue }
            if transposed { result[col] = row } else { result[row] = col }
        }
        return result
    }

    /// LAPJV on `work` (n ≤ m, every entry finite); leaves the assignment in `colOfRow`.
    ///
    /// Invariants throughout: every reduced cost c_ij − u_i − v_j ≥ 0, with the row
    /// potential u_i implicit (c_i,col(i) − v_col(i) for an assigned row), and assigned
    /// edges tight. When n < m, additionally every v_j ≤ 0 and free columns keep v_j = 0,
    /// the complementary slackness of the rectangular problem, so the final full row
    /// assignment is optimal. Every phase only lowers column potentials, except the
    /// square-only column reduction.
    private mutating func run(n: Int, m: Int) {
        resetBuffer(&v, 0, m)
        resetBuffer(&colOfRow, -1, n)
        resetBuffer(&rowOfCol, -1, m)
        resetBuffer(&pred, 0, m)
        resetBuffer(&dist, 0, m)
        resetBuffer(&columns, 0, m)
        resetBuffer(&free, 0, n)
        let square = n == m
        let k = auctionStart ? auctionWidth(n: n, m: m) : 0
        if k > 0 {
            resetBuffer(&candidates, 0, n * k)
        }
        if square {
            resetBuffer(&matches, 0, n)
            resetBuffer(&colMin, .infinity, m)
            resetBuffer(&colArgMin, 0, m)
        }
        work.withUnsafeBufferPointer { a in
        v.withUnsafeMutableBufferPointer { v in
        colOfRow.withUnsafeMutableBufferPointer { colOfRow in
        rowOfCol.withUnsafeMutableBufferPointer { rowOfCol in
        pred.withUnsafeMutableBufferPointer { pred in
        dist.withUnsafeMutableBufferPointer { dist in
        columns.withUnsafeMutableBufferPointer { columns in
        free.withUnsafeMutableBufferPointer { free in
        matches.withUnsafeMutableBufferPointer { matches in
        colMin.withUnsafeMutableBufferPointer { colMin in
        colArgMin.withUnsafeMutableBufferPointer { colArgMin in
        candidates.withUnsafeMutableBufferPointer { candidates in
            let lap = LapBuffers(
                a: a, n: n, m: m, v: v, colOfRow: colOfRow, rowOfCol: rowOfCol, pred: pred, dist: dist,
                columns: columns, free: free)
            var freeCount: Int
            if k > 0 {
                lap.cheapestColumns(k: k, candidates: candidates)
                var lo = Double.infinity, hi = -Double.infinity
                for i in 0..<n {
                    for s in 0..<k {
                        let x = a[i * m + Int(candidates[i * k + s])]
                        lo = Swift.min(lo, x)
                        hi = Swift.max(hi, x)
                    }
                }
                lap.auction(k: k, candidates: UnsafeBufferPointer(candidates), range: hi - lo)
                freeCount = lap.tightenAuctionStart(rowU: dist, slack: colMin, rowMin: pred)
            } else {
                freeCount = square
                    ? lap.columnReduction(matches: matches, colMin: colMin, colArgMin: colArgMin)
                    : lap.rowReduction()
                for _ in 0..<2 where freeCount > 0 {
                    freeCount = lap.augmentingRowReduction(freeCount: freeCount)
                }
            }
            for k in 0..<freeCount {
                lap.augment(from: free[k])
            }
        }}}}}}}}}}}}
    }
}

/// Candidate columns per row of the auction start (0: no auction): square problems only,
/// and only when rows have several times that many columns.
func auctionWidth(n: Int, m: Int) -> Int {
    let k = 32
    return n == m && m >= 4 * k ? k : 0
}

/// Refills a reused working array with `count` copies of `value`, keeping its capacity.
@inline(__always)
func resetBuffer<T>(_ a: inout [T], _ value: T, _ count: Int) {
    a.removeAll(keepingCapacity: true)
    a.append(contentsOf: repeatElement(value, count: count))
}
