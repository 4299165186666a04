/// An optimal rectangular assignment solver (shortest augmenting paths with potentials,
/// the Jonker–Volgenant / Hungarian family), written for the batch strategies.
///
/// The problem: `rows × cols` costs in a flat row-major array; `.infinity` (or any
/// non-finite value) means "no edge". The objective is lexicographic: first assign as many
/// rows as possible over feasible edges, then minimise the total cost of those edges.
///
/// Method: the smaller side is made the row side (the matrix is transposed into a reused
/// buffer when rows > cols). Infeasible edges get a penalty `big` larger than any
/// difference between two feasible totals, so a minimum-cost row-saturating assignment
/// uses as few of them as possible; they are dropped from the answer. Each row is then
/// inserted by one Dijkstra-like shortest augmenting path over reduced costs, O(n²·m) in all.
/// All working arrays are kept between calls: solving allocates only when a larger
/// problem than any before arrives.
public struct AssignmentSolver: Sendable {
    private var u: [Double] = []         // row potentials
    private var v: [Double] = []         // column potentials
    private var colOfRow: [Int] = []     // -1: free
    private var rowOfCol: [Int] = []     // -1: free
    private var path: [Int] = []         // predecessor row of a column on the shortest path tree
    private var shortest: [Double] = []  // shortest reduced path length to a column
    private var remaining: [Int] = []    // columns not yet reached
    private var visitedRows: [Int] = []
    private var visitedCols: [Int] = []
    private var work: [Double] = []      // transposed or penalised costs
    private var result: [Int] = []

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
        result.removeAll(keepingCapacity: true)
        result.append(contentsOf: repeatElement(-1, count: rows))
        guard rows > 0, cols > 0 else { return result }
        // Bounds of the feasible costs, for the infeasibility penalty.
        var lo = Double.infinity, hi = -Double.infinity
        for c in costs where c.isFinite {
            lo = Swift.min(lo, c)
            hi = Swift.max(hi, c)
        }
        guard lo.isFinite else { return result }
        let transposed = rows > cols
        let n = transposed ? cols : rows
        let m = transposed ? rows : cols
        // Any feasible total of k edges lies in [k·lo, k·hi]; one infeasible edge must cost
        // more than the widest gap between two such totals plus any feasible edge.
        let big = hi + (hi - lo + 1) * Double(n + 1)
        work.removeAll(keepingCapacity: true)
        work.reserveCapacity(n * m)
        if transposed {
            for i in 0..<n {
                for j in 0..<m {
                    let c = costs[j * cols + i]
                    work.append(c.isFinite ? c : big)
                }
            }
        } else {
            for c in costs { work.append(c.isFinite ? c : big) }
        }
        run(n: n, m: m)
        // Map back and drop penalised (infeasible) edges.
        for row in 0..<n {
            let col = colOfRow[row]
            guard col >= 0, work[row * m + col] < big else { continue }
            if transposed { result[col] = row } else { result[row] = col }
        }
        return result
    }

    /// Shortest augmenting paths on `work` (n ≤ m, every entry finite).
    ///
    /// Start: row reduction (u_i = the row's minimum, v = 0) and a greedy match of each row
    /// to its cheapest column when that column is still free; both keep every reduced cost
    /// c_ij − u_i − v_j ≥ 0 and matched edges tight. Each remaining row is then inserted by
    /// a Dijkstra over reduced costs that scans only unreached columns and updates the
    /// potentials of the visited rows and columns once, at the end (as in LAPJV and
    /// Crouse's rectangular variant). Unmatched columns keep v = 0, which makes the final
    /// assignment optimal for the rectangular problem.
    private mutating func run(n: Int, m: Int) {
        func reset<T>(_ a: inout [T], _ value: T, _ count: Int) {
            a.removeAll(keepingCapacity: true)
            a.append(contentsOf: repeatElement(value, count: count))
        }
        reset(&u, 0, n)
        reset(&v, 0, m)
        reset(&colOfRow, -1, n)
        reset(&rowOfCol, -1, m)
        reset(&path, -1, m)
        reset(&shortest, .infinity, m)
        reset(&remaining, 0, m)
        visitedRows.removeAll(keepingCapacity: true)
        visitedCols.removeAll(keepingCapacity: true)
        var visitedRows = self.visitedRows, visitedCols = self.visitedCols
        work.withUnsafeBufferPointer { a in
        u.withUnsafeMutableBufferPointer { u in
        v.withUnsafeMutableBufferPointer { v in
        colOfRow.withUnsafeMutableBufferPointer { colOfRow in
        rowOfCol.withUnsafeMutableBufferPointer { rowOfCol in
        path.withUnsafeMutableBufferPointer { path in
        shortest.withUnsafeMutableBufferPointer { shortest in
        remaining.withUnsafeMutableBufferPointer { remaining in
            for i in 0..<n {
                let base = i * m
                var best = a[base], bestJ = 0
                for j in 1..<m where a[base + j] < best {
                    best = a[base + j]
                    bestJ = j
                }
                u[i] = best
                if rowOfCol[bestJ] < 0 {
                    rowOfCol[bestJ] = i
                    colOfRow[i] = bestJ
                }
            }
            for current in 0..<n where colOfRow[current] < 0 {
                for j in 0..<m {
                    shortest[j] = .infinity
                    remaining[j] = m - 1 - j
                }
                var left = m
                var minVal = 0.0
                var i = current
                var sink = -1
                visitedRows.removeAll(keepingCapacity: true)
                visitedCols.removeAll(keepingCapacity: true)
                while sink < 0 {
                    visitedRows.append(i)
                    var lowest = Double.infinity
                    var index = 0
                    let base = i * m
                    let offset = minVal - u[i]
                    for k in 0..<left {
                        let j = remaining[k]
                        let r = offset + a[base + j] - v[j]
                        if r < shortest[j] {
                            path[j] = i
                            shortest[j] = r
                        }
                        let s = shortest[j]
                        if s < lowest || (s == lowest && rowOfCol[j] < 0) {
                            lowest = s
                            index = k
                        }
                    }
                    minVal = lowest
                    let j = remaining[index]
                    visitedCols.append(j)
                    left -= 1
                    remaining[index] = remaining[left]
                    if rowOfCol[j] < 0 { sink = j } else { i = rowOfCol[j] }
                }
                u[current] += minVal
                for r in visitedRows where r != current {
                    u[r] += minVal - shortest[colOfRow[r]]
                }
                for c in visitedCols {
                    v[c] -= minVal - shortest[c]
                }
                var j = sink
                while true {
                    let r = path[j]
                    rowOfCol[j] = r
                    let previous = colOfRow[r]
                    colOfRow[r] = j
                    if r == current { break }
                    j = previous
                }
            }
        }}}}}}}}
        self.visitedRows = visitedRows
        self.visitedCols = visitedCols
    }
}
