/// Point-to-point shortest paths: A* with landmarks (ALT) when given ``Landmarks``, plain
/// Dijkstra without. Owns its scratch labels; one router serves one owner at a time.
public struct Router: Sendable {
    private let graph: RoutingGraph
    private var labels: SearchLabels
    /// The forward edge ids of the last path found, in driving order.
    public private(set) var pathEdges: [Int32] = []
    /// Nodes settled by the last query (a measure of the search's work).
    public private(set) var settledCount = 0

    /// A router over `graph`.
    public init(graph: RoutingGraph) {
        self.graph = graph
        labels = SearchLabels(nodes: graph.nodeCount)
    }

    /// The cheapest path from `source` to `target` under `weights`, with the sum of
    /// `secondary` along it; nil when unreachable. Fills ``pathEdges``.
    ///
    /// With `landmarks` (computed on weights that never exceed `weights`), the search is A*
    /// on the landmark potential; the cost is exactly the plain Dijkstra cost (integer
    /// weights, consistent potential).
    public mutating func route(
        from source: Int, to target: Int, weights: EdgeWeights, secondary: EdgeWeights, landmarks: Landmarks?
    ) -> (cost: Int, secondary: Int)? {
        pathEdges.removeAll(keepingCapacity: true)
        settledCount = 0
        if source == target { return (0, 0) }
        labels.reset()
        _ = labels.relax(source, dist: 0, second: 0, parent: -1)
        let found: Bool
        if let landmarks, landmarks.count > 0 {
            found = landmarks.from.withUnsafeBufferPointer { from in
                landmarks.to.withUnsafeBufferPointer { to in
                    let k = landmarks.count
                    let fromT = UnsafeBufferPointer(rebasing: from[(target * k)..<(target * k + k)])
                    let toT = UnsafeBufferPointer(rebasing: to[(target * k)..<(target * k + k)])
                    return search(source, target, weights, secondary) {
                        landmarks.lowerBound($0, fromT: fromT, toT: toT, from: from, to: to)
                    }
                }
            }
        } else {
            found = search(source, target, weights, secondary) { _ in 0 }
        }
        guard found else { return nil }
        var v = target
        while v != source {
            let e = labels.parent[v]
            pathEdges.append(e)
            v = graph.source(ofEdge: Int(e))
        }
        pathEdges.reverse()
        return (labels.dist[target], labels.second[target])
    }

    private mutating func search(
        _ source: Int, _ target: Int, _ weights: EdgeWeights, _ secondary: EdgeWeights, potential: (Int) -> Int
    ) -> Bool {
        labels.heap.push(potential(source), Int32(source))
        while !labels.heap.isEmpty {
            let u32 = labels.heap.pop().node
            let u = Int(u32)
            if labels.isSettled(u) { continue }
            let du = labels.dist[u]
            labels.settle(u)
            settledCount += 1
            if u == target { return true }
            let su = labels.second[u]
            for e in Int(graph.firstOut[u])..<Int(graph.firstOut[u + 1]) {
                let v = Int(graph.head[e])
                if labels.isSettled(v) { continue }
                let nd = du + Int(weights.forward[e])
                if labels.relax(v, dist: nd, second: su + Int(secondary.forward[e]), parent: Int32(e)) {
                    labels.heap.push(nd + potential(v), Int32(v))
                }
            }
        }
        return false
    }
}

extension RoutingGraph {
    /// The source node of forward edge `e` (binary search over ``firstOut``).
    public func source(ofEdge e: Int) -> Int {
        var lo = 0, hi = nodeCount - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if Int(firstOut[mid]) <= e { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}
