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
    private var u: [Double] = []
    private var v: [Double] = []
    private var minv: [Double] = []
    private var owner: [Int] = []      // owner[j] = row (1-based) assigned to column j, 0 = free
    private var way: [Int] = []
    private var used: [Bool] = []
    private var work: [Double] = []   // transposed or penalised costs
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
        // owner[j] (1-based columns) holds the row; map back and drop penalised edges.
        for j in 1...m {
            let i = owner[j]
            guard i > 0 else { continue }
            let row = i - 1, col = j - 1
            guard work[row * m + col] < big else { continue }
            if transposed { result[col] = row } else { result[row] = col }
        }
        return result
    }

    /// Shortest augmenting paths on `work` (n ≤ m), 1-based internal indices.
    private mutating func run(n: Int, m: Int) {
        func reset<T>(_ a: inout [T], _ value: T, _ count: Int) {
            a.removeAll(keepingCapacity: true)
            a.append(contentsOf: repeatElement(value, count: count))
        }
        reset(&u, 0, n + 1)
        reset(&v, 0, m + 1)
        reset(&owner, 0, m + 1)
        reset(&way, 0, m + 1)
        reset(&minv, 0, m + 1)
        reset(&used, false, m + 1)
        work.withUnsafeBufferPointer { a in
            for i in 1...n {
                owner[0] = i
                var j0 = 0
                for j in 0...m {
                    minv[j] = .infinity
                    used[j] = false
                }
                repeat {
                    used[j0] = true
                    let i0 = owner[j0]
                    var delta = Double.infinity
                    var j1 = 0
                    let base = (i0 - 1) * m - 1
                    let ui0 = u[i0]
                    for j in 1...m where !used[j] {
                        let cur = a[base + j] - ui0 - v[j]
                        if cur < minv[j] {
                            minv[j] = cur
                            way[j] = j0
                        }
                        if minv[j] < delta {
                            delta = minv[j]
                            j1 = j
                        }
                    }
                    for j in 0...m {
                        if used[j] {
                            u[owner[j]] += delta
                            v[j] -= delta
                        } else {
                            minv[j] -= delta
                        }
                    }
                    j0 = j1
                } while owner[j0] != 0
                repeat {
                    let j1 = way[j0]
                    owner[j0] = owner[j1]
                    j0 = j1
                } while j0 != 0
            }
        }
    }
}
