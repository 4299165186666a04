/// The phases of LAPJV over borrowed buffers (see ``AssignmentSolver``).
///
/// `a` is the dense `n × m` cost matrix (row-major, finite, n ≤ m). Row potentials are
/// implicit: for an assigned row i, u_i = a[i, colOfRow[i]] − v[colOfRow[i]]. Each phase
/// keeps every reduced cost a_ij − u_i − v_j ≥ 0 and every assigned edge tight; none
/// allocates. Indices are `Int32` to halve the memory traffic of the index arrays.
struct LapBuffers {
    let a: UnsafeBufferPointer<Double>
    let n: Int
    let m: Int
    let v: UnsafeMutableBufferPointer<Double>
    let colOfRow: UnsafeMutableBufferPointer<Int32>
    let rowOfCol: UnsafeMutableBufferPointer<Int32>
    let pred: UnsafeMutableBufferPointer<Int32>
    let dist: UnsafeMutableBufferPointer<Double>
    let columns: UnsafeMutableBufferPointer<Int32>
    let free: UnsafeMutableBufferPointer<Int32>

    /// Square problems only: column reduction (v_j = the column's minimum, each column
    /// offered to the first row reaching it; a row offered several keeps the cheapest,
    /// scanning columns from the last) and reduction transfer (a row holding exactly one
    /// column passes its slack to that column's potential). Lists the free rows in `free`
    /// and returns how many there are.
    func columnReduction(
        matches: UnsafeMutableBufferPointer<Int32>, colMin: UnsafeMutableBufferPointer<Double>,
        colArgMin: UnsafeMutableBufferPointer<Int32>
    ) -> Int {
        // Column minima, scanned row by row to follow the memory layout; the first row
        // reaching a minimum wins ties, as a column-wise scan would.
        for i in 0..<n {
            let base = i * m
            for j in 0..<m where a[base + j] < colMin[j] {
                colMin[j] = a[base + j]
                colArgMin[j] = Int32(i)
            }
        }
        for j in stride(from: m - 1, through: 0, by: -1) {
            let i = Int(colArgMin[j])
            v[j] = colMin[j]
            matches[i] += 1
            if matches[i] == 1 {
                colOfRow[i] = Int32(j)
                rowOfCol[j] = Int32(i)
            } else if v[j] < v[Int(colOfRow[i])] {
                let j1 = Int(colOfRow[i])
                colOfRow[i] = Int32(j)
                rowOfCol[j] = Int32(i)
                rowOfCol[j1] = -1
            } else {
                rowOfCol[j] = -1
            }
        }
        var freeCount = 0
        for i in 0..<n {
            if matches[i] == 0 {
                free[freeCount] = Int32(i)
                freeCount += 1
            } else if matches[i] == 1, m > 1 {
                let j1 = Int(colOfRow[i])
                let base = i * m
                var slack = Double.infinity
                for j in 0..<m where j != j1 {
                    slack = Swift.min(slack, a[base + j] - v[j])
                }
                v[j1] -= slack
            }
        }
        return freeCount
    }

    /// Rectangular problems (n < m): row reduction with v = 0 (u_i = the row's minimum)
    /// and a greedy match of each row to its first cheapest column when that column is
    /// free. Free columns keep v = 0. Lists the free rows in `free`; returns their count.
    func rowReduction() -> Int {
        var freeCount = 0
        for i in 0..<n {
            let base = i * m
            var best = a[base], bestJ = 0
            for j in 1..<m where a[base + j] < best {
                best = a[base + j]
                bestJ = j
            }
            freeCount = takeIfFree(row: i, column: bestJ, freeCount: freeCount)
        }
        return freeCount
    }

    /// Assigns `row` to `column` when the column is free, else appends the row to the
    /// first `freeCount` entries of `free`; returns the new count of free rows.
    @inline(__always)
    func takeIfFree(row i: Int, column j: Int, freeCount: Int) -> Int {
        if rowOfCol[j] < 0 {
            rowOfCol[j] = Int32(i)
            colOfRow[i] = Int32(j)
            return freeCount
        }
        free[freeCount] = Int32(i)
        return freeCount + 1
    }

    /// One pass of augmenting row reduction over the first `freeCount` rows of `free`:
    /// each free row takes its cheapest column by reduced cost, lowering that column's
    /// potential to the second cheapest so the edge is tight; the row it displaces is
    /// retried at once while the lowering was strict (within a budget of retries, so
    /// floating-point slivers cannot spin), else queued for the next pass. Only lowers
    /// potentials of columns that end up assigned. Returns the rows still free, listed
    /// again at the front of `free`.
    func augmentingRowReduction(freeCount previous: Int) -> Int {
        guard m > 1 else { return previous }
        var k = 0, count = 0
        var retries = 4 * previous + n
        while k < previous {
            let i = Int(free[k])
            k += 1
            let base = i * m
            var u1 = a[base] - v[0], u2 = Double.infinity
            var j1 = 0, j2 = 0
            for j in 1..<m {
                let h = a[base + j] - v[j]
                if h < u2 {
                    if h >= u1 {
                        u2 = h
                        j2 = j
                    } else {
                        u2 = u1
                        u1 = h
                        j2 = j1
                        j1 = j
                    }
                }
            }
            var i0 = rowOfCol[j1]
            let strict = u1 < u2
            if strict {
                v[j1] -= u2 - u1
            } else if i0 >= 0 {
                j1 = j2
                i0 = rowOfCol[j2]
            }
            colOfRow[i] = Int32(j1)
            rowOfCol[j1] = Int32(i)
            guard i0 >= 0 else { continue }
            colOfRow[Int(i0)] = -1
            if strict && retries > 0 {
                retries -= 1
                k -= 1
                free[k] = i0
            } else {
                free[count] = i0
                count += 1
            }
        }
        return count
    }

    /// Inserts free row `start` by a shortest augmenting path over reduced costs (the
    /// dense LAPJV Dijkstra: `columns` holds the settled columns, then those at the
    /// current minimum distance, then the rest), updates the potentials of the settled
    /// columns and flips the path.
    func augment(from start: Int32) {
        let f = Int(start)
        let fBase = f * m
        for j in 0..<m {
            dist[j] = a[fBase + j] - v[j]
            pred[j] = start
            columns[j] = Int32(j)
        }
        var low = 0, up = 0, last = -1
        var minD = 0.0
        var end = -1
        while end < 0 {
            if up == low {
                // Collect the unsettled columns at the new minimum distance.
                last = low - 1
                minD = dist[Int(columns[up])]
                up += 1
                for k in up..<m {
                    let j = columns[k]
                    let h = dist[Int(j)]
                    if h <= minD {
                        if h < minD {
                            up = low
                            minD = h
                        }
                        columns[k] = columns[up]
                        columns[up] = j
                        up += 1
                    }
                }
                for k in low..<up where rowOfCol[Int(columns[k])] < 0 {
                    end = Int(columns[k])
                    break
                }
                if end >= 0 { break }
            }
            // Settle one column at the minimum and scan the row assigned to it.
            let j1 = Int(columns[low])
            low += 1
            let i = rowOfCol[j1]
            let base = Int(i) * m
            let h = a[base + j1] - v[j1] - minD
            var k = up
            while k < m {
                let j = Int(columns[k])
                let d = a[base + j] - v[j] - h
                if d < dist[j] {
                    pred[j] = i
                    if d == minD {
                        if rowOfCol[j] < 0 {
                            end = j
                            break
                        }
                        columns[k] = columns[up]
                        columns[up] = Int32(j)
                        up += 1
                    }
                    dist[j] = d
                }
                k += 1
            }
        }
        if last >= 0 {
            for k in 0...last {
                let j = Int(columns[k])
                v[j] += dist[j] - minD
            }
        }
        var j = end
        while true {
            let i = Int(pred[j])
            rowOfCol[j] = Int32(i)
            let previous = Int(colOfRow[i])
            colOfRow[i] = Int32(j)
            if i == f { break }
            j = previous
        }
    }
}
