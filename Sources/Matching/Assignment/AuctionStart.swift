/// Square problems: an ε-scaling auction over each row's cheapest columns, as a start for
/// LAPJV's augmenting phase (see ``AssignmentSolver``).
///
/// The auction only supplies column potentials; exactness comes from the conversion that
/// follows and from the shortest augmenting paths. In minimisation form a row's value of
/// column j is a_ij − v_j; a free row bids on its cheapest candidate column j1, lowering
/// v_j1 until j1 is ε worse than its second cheapest candidate (so bids only ever lower
/// potentials), and takes it, evicting the previous holder. Each phase restarts from no
/// assignment with the potentials of the last, ε shrinking by `scale` between phases, so
/// the potentials end close to optimal ones. Then ``LapBuffers/tightenAuctionStart(rowMin:)``
/// turns them into a valid LAPJV state (every reduced cost ≥ 0, assigned edges tight) over
/// the whole matrix, and the rows it leaves free are inserted by ``LapBuffers/augment(from:)``.
extension LapBuffers {
    /// Lists, for each row, `k` columns of lowest cost into `candidates` (row-major,
    /// `n × k`, each row's list a max-heap by cost; on ties the earlier column is kept).
    func cheapestColumns(k: Int, candidates: UnsafeMutableBufferPointer<Int32>) {
        for i in 0..<n {
            let row = a.baseAddress! + i * m
            let heap = candidates.baseAddress! + i * k
            for s in 0..<k { heap[s] = Int32(s) }
            for s in stride(from: k / 2 - 1, through: 0, by: -1) {
                siftDown(heap, k, s, row)
            }
            var worst = row[Int(heap[0])]
            for j in k..<m where row[j] < worst {
                heap[0] = Int32(j)
                siftDown(heap, k, 0, row)
                worst = row[Int(heap[0])]
            }
        }
    }

    /// Restores the max-heap (by `row` cost) of `heap[0..<count]` below position `at`.
    @inline(__always)
    private func siftDown(_ heap: UnsafeMutablePointer<Int32>, _ count: Int, _ at: Int, _ row: UnsafePointer<Double>) {
        var p = at
        let item = heap[p]
        let cost = row[Int(item)]
        while true {
            var c = 2 * p + 1
            guard c < count else { break }
            var cc = row[Int(heap[c])]
            if c + 1 < count {
                let c2 = row[Int(heap[c + 1])]
                if c2 > cc {
                    c += 1
                    cc = c2
                }
            }
            guard cc > cost else { break }
            heap[p] = heap[c]
            p = c
        }
        heap[p] = item
    }

    /// Runs the ε-scaling auction on the candidate lists, from potentials `v` (all 0),
    /// leaving potentials in `v` and the last phase's (possibly partial) assignment in
    /// `colOfRow`/`rowOfCol`. `range` is the spread of the listed costs. Each phase is
    /// capped at `bidsPerRow × n` bids (a candidate graph without a perfect matching
    /// would bid forever); the start is valid whatever the auction leaves.
    func auction(k: Int, candidates: UnsafeBufferPointer<Int32>, range: Double) {
        guard k >= 2, range > 0 else { return }
        let scale = 8.0
        var eps = range / 16
        let finalEps = range * 1e-6
        let bidsPerPhase = 64 * n
        while true {
            for i in 0..<n { colOfRow[i] = -1 }
            for j in 0..<m { rowOfCol[j] = -1 }
            for i in 0..<n { free[i] = Int32(n - 1 - i) }
            var top = n
            var bids = 0
            while top > 0 && bids < bidsPerPhase {
                top -= 1
                let i = Int(free[top])
                bids += 1
                let base = i * m
                let cand = i * k
                var j1 = Int(candidates[cand])
                var u1 = a[base + j1] - v[j1], u2 = Double.infinity
                for s in 1..<k {
                    let j = Int(candidates[cand + s])
                    let h = a[base + j] - v[j]
                    if h < u2 {
                        if h < u1 {
                            u2 = u1
                            u1 = h
                            j1 = j
                        } else {
                            u2 = h
                        }
                    }
                }
                v[j1] -= (u2 - u1) + eps
                let previous = rowOfCol[j1]
                rowOfCol[j1] = Int32(i)
                colOfRow[i] = Int32(j1)
                if previous >= 0 {
                    colOfRow[Int(previous)] = -1
                    free[top] = previous
                    top += 1
                }
            }
            if eps <= finalEps || top > 0 { break }
            eps = Swift.max(eps / scale, finalEps)
        }
    }

    /// Turns any column potentials and partial assignment into a valid LAPJV start over the
    /// whole matrix. Each row's potential u_i becomes its minimum of a_ij − v_j over every
    /// column, so every reduced cost is ≥ 0. An assigned edge above that minimum by r is
    /// made tight by raising its column's potential by r when every other row's reduced
    /// cost in that column is at least r (so no row minimum changes); otherwise the row
    /// takes its first cheapest column if that is free, else is listed free. `rowU`,
    /// `slack` (`m` values) and `rowMin` (`n`) are scratch. Returns the number of free
    /// rows listed in `free`.
    func tightenAuctionStart(
        rowU: UnsafeMutableBufferPointer<Double>, slack: UnsafeMutableBufferPointer<Double>,
        rowMin: UnsafeMutableBufferPointer<Int32>
    ) -> Int {
        for i in 0..<n {
            let base = i * m
            var best = a[base] - v[0], bestJ = 0
            for j in 1..<m {
                let h = a[base + j] - v[j]
                if h < best {
                    best = h
                    bestJ = j
                }
            }
            rowU[i] = best
            rowMin[i] = Int32(bestJ)
        }
        // Each column's least reduced cost over the rows not holding it.
        for j in 0..<m { slack[j] = .infinity }
        for i in 0..<n {
            let base = i * m
            let u = rowU[i]
            let own = Int(colOfRow[i])
            for j in 0..<m {
                let r = a[base + j] - v[j] - u
                if r < slack[j] && j != own { slack[j] = r }
            }
        }
        for i in 0..<n {
            let j = Int(colOfRow[i])
            guard j >= 0 else { continue }
            let excess = a[i * m + j] - v[j] - rowU[i]
            if excess == 0 {
                rowMin[i] = -1       // keeps its column
            } else if excess <= slack[j] {
                let before = v[j]
                v[j] += excess
                if a[i * m + j] - v[j] == rowU[i] {
                    rowMin[i] = -1
                    continue
                }
                v[j] = before        // rounding: not exactly tight after all
                rowOfCol[j] = -1
                colOfRow[i] = -1
            } else {
                rowOfCol[j] = -1
                colOfRow[i] = -1
            }
        }
        var freeCount = 0
        for i in 0..<n where rowMin[i] >= 0 {
            freeCount = takeIfFree(row: i, column: Int(rowMin[i]), freeCount: freeCount)
        }
        return freeCount
    }
}
