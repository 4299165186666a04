import Core

extension RoutingGraph {
    /// The streets as lat/lon polylines for drawing under the report's maps: each two-way
    /// street counted once (the two directed edges of a node pair are one line), and edges
    /// chained through nodes with exactly two neighbours into one longer line. Deterministic
    /// (walks start at the lowest node id, neighbours in id order); cycles of degree-2 nodes
    /// become closed lines.
    public func roadPolylines() -> [[GeoPoint]] {
        // Undirected neighbour lists, each pair once per end, sorted.
        var neighbours = [[Int32]](repeating: [], count: nodeCount)
        for e in 0..<edgeCount {
            let u = Int32(source(ofEdge: e)), v = head[e]
            guard u != v else { continue }
            neighbours[Int(u)].append(v)
            neighbours[Int(v)].append(u)
        }
        for n in neighbours.indices { neighbours[n] = Array(Set(neighbours[n])).sorted() }
        var used = Set<UInt64>()
        func key(_ a: Int32, _ b: Int32) -> UInt64 {
            UInt64(UInt32(min(a, b))) << 32 | UInt64(UInt32(max(a, b)))
        }
        var lines: [[GeoPoint]] = []
        func walk(from start: Int32, via first: Int32) {
            var line = [coordinates[Int(start)]]
            var previous = start, current = first
            used.insert(key(start, first))
            while true {
                line.append(coordinates[Int(current)])
                let next = neighbours[Int(current)]
                guard next.count == 2, current != start else { break }
                let following = next[0] == previous ? next[1] : next[0]
                guard used.insert(key(current, following)).inserted else { break }
                previous = current
                current = following
            }
            lines.append(line)
        }
        // Lines between junctions and dead ends first, then the remaining loops.
        for pass in 0..<2 {
            for n in 0..<Int32(nodeCount) where pass == 1 || neighbours[Int(n)].count != 2 {
                for m in neighbours[Int(n)] where !used.contains(key(n, m)) { walk(from: n, via: m) }
            }
        }
        return lines
    }
}
