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
        let edgeSource = graph.edgeSource
        var v = target
        while v != source {
            let e = labels.parent(v)
            pathEdges.append(e)
            v = Int(edgeSource[Int(e)])
        }
        pathEdges.reverse()
        return (labels.dist(target), labels.second(target))
    }

    private mutating func search(
        _ source: Int, _ target: Int, _ weights: EdgeWeights, _ secondary: EdgeWeights, potential: (Int) -> Int
    ) -> Bool {
        let graph = self.graph
        var settled = 0
        defer { settledCount = settled }
        return graph.firstOut.withUnsafeBufferPointer { firstOut in
            graph.head.withUnsafeBufferPointer { head in
                weights.forward.withUnsafeBufferPointer { weight in
                    secondary.forward.withUnsafeBufferPointer { second in
                        labels.withScratch { s -> Bool in
                            _ = s.relax(source, dist: 0, second: 0, parent: -1)
                            s.push(potential(source), Int32(source))
                            while !s.isEmpty {
                                let u = Int(s.pop().node)
                                if s.isSettled(u) { continue }
                                let du = s.node[u].dist
                                s.settle(u)
                                settled += 1
                                if u == target { return true }
                                let su = s.node[u].second
                                for e in Int(firstOut[u])..<Int(firstOut[u + 1]) {
                                    let v = Int(head[e])
                                    if s.isSettled(v) { continue }
                                    let nd = du + Int(weight[e])
                                    if s.relax(v, dist: nd, second: su + Int(second[e]), parent: Int32(e)) {
                                        s.push(nd + potential(v), Int32(v))
                                    }
                                }
                            }
                            return false
                        }
                    }
                }
            }
        }
    }
}

extension RoutingGraph {
    /// The source node of forward edge `e`.
    @inlinable public func source(ofEdge e: Int) -> Int { Int(edgeSource[e]) }
}
